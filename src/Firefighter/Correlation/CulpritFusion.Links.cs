using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Traces;

namespace Firefighter.Correlation;

public static partial class CulpritFusion
{
    // Warning/error lines carrying the id of a trace tie their writer to it, and so do callers' lines that name a service of that trace.
    private static List<Finding> LinkLogs(EvidenceSet evidence, TraceAnalysis ta, DateTimeOffset onset, ServiceResolver resolver, Func<string, Suspect> of)
    {
        var result = new List<Finding>();
        foreach (var (svc, link) in Links(evidence, ta, onset, resolver.Of).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var total = link.Own + link.Named;
            if (total < 3)
            {
                continue;
            }
            var strength = Math.Round(Math.Min(1, 0.5 + (0.1 * Math.Log2(total))), 3);
            // The link cites; it does not score: a service's usual warnings carry trace ids too, and the log shift already weighs what changed.
            var p = of(svc);
            p.LogRefs.AddRange(link.Refs.Take(2));
            result.Add(new Finding(CorrelationFindingKinds.LogTraceLink,
                $"{total} warning/error log line(s) tie {svc} to traces by TraceID ({link.Own} written by {svc}, {link.Named} by callers naming it)",
                resolver.Entity(svc), link.First, null, strength, link.Refs.Take(3).ToList())
            {
                Severity = FindingSeverity.Warning,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = svc,
                    ["count"] = Num(total),
                    ["own"] = Num(link.Own),
                    ["named"] = Num(link.Named),
                    ["exception"] = link.Exception ? "true" : "false",
                    ["traceIds"] = string.Join(",", link.TraceIds.Take(3)),
                },
            });
        }
        return result;
    }

    private static Dictionary<string, Link> Links(EvidenceSet evidence, TraceAnalysis ta, DateTimeOffset? onset, Func<EntityRef, string?> serviceOf)
    {
        var links = new Dictionary<string, Link>(StringComparer.Ordinal);
        if (evidence.Logs.Count == 0)
        {
            return links;
        }
        var ix = ta.Index;
        var traceOf = new Dictionary<string, int>(ix.TraceIds.Count, StringComparer.OrdinalIgnoreCase);
        for (var t = 0; t < ix.TraceIds.Count; t++)
        {
            traceOf.TryAdd(ix.TraceIds[t], t);
        }
        // Spans grouped by trace once (a counting sort), so each linked line costs the size of its own trace.
        var start = new int[ix.TraceIds.Count + 1];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            start[ix.TraceOf[i] + 1]++;
        }
        for (var t = 0; t < ix.TraceIds.Count; t++)
        {
            start[t + 1] += start[t];
        }
        var fill = (int[])start.Clone();
        var byTrace = new int[ix.Spans.Count];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            byTrace[fill[ix.TraceOf[i]]++] = i;
        }
        var servicesIn = new Dictionary<int, HashSet<string>>();
        HashSet<string> ServicesIn(int t)
        {
            if (!servicesIn.TryGetValue(t, out var set))
            {
                servicesIn[t] = set = new HashSet<string>(StringComparer.Ordinal);
                for (var k = start[t]; k < start[t + 1]; k++)
                {
                    var i = byTrace[k];
                    set.Add(ix.Services[ix.ServiceOf[i]]);
                    if (ix.IsClient[i] && SpanIndex.PeerOf(ix.Spans[i]) is { } peer)
                    {
                        set.Add(peer);
                    }
                }
            }
            return set;
        }
        var budget = 20_000;
        foreach (var r in evidence.Logs)
        {
            if (r.Level < LogLevel.Warn || r.Timestamp is not { } ts || (onset is { } o && ts < o) || r.Entity is not { } e)
            {
                continue;
            }
            var id = LogShifts.TraceIdOf(r);
            if (id is null || !traceOf.TryGetValue(id, out var t) || budget-- <= 0 || serviceOf(e) is not { } writer)
            {
                continue;
            }
            var inTrace = ServicesIn(t);
            var exception = LogShifts.ExceptionName().IsMatch(r.Message);
            Add(writer, own: true);
            foreach (var other in inTrace)
            {
                if (other != writer && other.Length >= 3 && LogShifts.MentionsWord(r.Message, other))
                {
                    Add(other, own: false);
                }
            }

            void Add(string svc, bool own)
            {
                if (!links.TryGetValue(svc, out var l))
                {
                    links[svc] = l = new Link();
                }
                if (own)
                {
                    l.Own++;
                    l.Exception |= exception;
                }
                else
                {
                    l.Named++;
                }
                if (l.First is null || ts < l.First)
                {
                    l.First = ts;
                }
                if (l.Refs.Count < 3)
                {
                    var line = r.Message.Split('\n')[0];
                    l.Refs.Add(r.Ref with { Excerpt = line.Length > 200 ? line[..200] + "…" : line });
                }
                if (l.TraceIds.Count < 3 && !l.TraceIds.Contains(id))
                {
                    l.TraceIds.Add(id);
                }
            }
        }
        return links;
    }

    private sealed class Link
    {
        public int Own;
        public int Named;
        public bool Exception;
        public DateTimeOffset? First;
        public List<EvidenceRef> Refs { get; } = [];
        public List<string> TraceIds { get; } = [];
    }
}
