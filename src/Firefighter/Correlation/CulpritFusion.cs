using System.Globalization;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Metrics;
using Firefighter.Traces;

namespace Firefighter.Correlation;

/// <summary>Fuses traces, logs and metrics into one ranking of culprit services (<c>fusion.culprit</c>), marks services whose anomaly a
/// service they call explains (<c>fusion.victim</c>), and links warning/error logs to traces by their trace id (<c>logs.trace_link</c>).</summary>
/// <remarks>
/// At the fault's onset (see <see cref="FaultOnset"/>) each source says how much each service departed from its own baseline and from its
/// peers: the traces its own processing time, the wire time of calls into it and the failing spans that begin in it
/// (<see cref="TraceShifts"/>); the logs its new and stopped templates, its error rate and its callers' lines naming it
/// (<see cref="LogShifts"/>); the metrics the moves that stand out from the same metric in other services (<see cref="MetricShifts"/>).
/// Symptoms spread up the call graph (traces, or the log lines that name a callee): a caller whose callee is blamed at least
/// <see cref="FusionWeights.VictimRatio"/> of its own score keeps only <see cref="FusionWeights.VictimFactor"/> of what spreads (its logs,
/// latency and error metrics), never of what is its own (its processing time, its CPU and memory). The deepest anomalous service is the
/// suspect. The confidence says how much the evidence carries: a thin lead, one source, or a close second lowers it. Nothing depends on
/// service, operation or metric names beyond generic words (cpu, memory, latency). Never throws.
/// </remarks>
public static partial class CulpritFusion
{
    /// <summary>At most this many services are reported as culprits.</summary>
    public const int MaxCulprits = 3;

    // The least fused score that names a culprit at all.
    private const double MinScore = 0.2;

    // The strength at which a source counts as agreeing with another, and the strength one source alone needs when others were read.
    private const double Agree = 0.3;
    private const double StrongAlone = 0.9;

    // The share of plausible splits that must agree on the lead for it to be more than a suspect (see Stability).
    private const double MinStability = 0.5;

    // Metric robust z a CPU or memory series must reach to name the fault kind.
    private const double StrongMove = 10;

    /// <summary>The fused findings with the default weights.</summary>
    public static IReadOnlyList<Finding> Fuse(EvidenceSet evidence, IReadOnlyList<Finding> findings, DateTimeOffset? onset, EntityGraph graph, ScreenResult screen) =>
        Fuse(evidence, findings, onset, graph, screen, FusionWeights.Default);

    /// <summary>The fused findings for the evidence; <paramref name="findings"/> are every other finding, <paramref name="screen"/> the metric
    /// screening at the investigation's onset, <paramref name="onset"/> the investigation's onset (a fallback for the fault's own).</summary>
    public static IReadOnlyList<Finding> Fuse(EvidenceSet evidence, IReadOnlyList<Finding> findings, DateTimeOffset? onset, EntityGraph graph, ScreenResult screen,
        FusionWeights weights)
    {
        var ta = evidence.Spans.Count == 0 ? null : TraceAnalysis.For(evidence);
        var traced = ta is null ? [] : ta.Index.Services.Concat(ta.Graph.Edges.Select(e => e.Callee)).ToList();
        var resolver = new ServiceResolver(graph, traced);
        var rates = evidence.Metrics.Count == 0 ? [] : ScreeningFindings.AsRates(evidence.Metrics);
        if (FaultOnset.Find(evidence, ta, onset, screen, rates, resolver.Of) is not { } found)
        {
            return [];
        }
        // The onset is the least certain input: every plausible split is tried, and the one whose evidence separates one service from
        // the rest most clearly is taken (the change time that best explains the data).
        Evaluation? best = null;
        var logs = LogShifts.Prepare(evidence.Logs, resolver.Of);
        var evaluations = new List<Evaluation>();
        foreach (var split in FaultOnset.Candidates(evidence, found))
        {
            var e = Evaluate(evidence, ta, traced, resolver, rates, logs, split, weights);
            evaluations.Add(e);
            if (best is null || e.Decisiveness > best.Decisiveness * (1 + 1e-9))
            {
                best = e;
            }
            foreach (var x in e.Suspects.Values)
            {
                x.Split = split;
            }
        }
        var result = new List<Finding>();
        if (ta is not null)
        {
            result.AddRange(LinkLogs(evidence, ta, best!.Split, resolver, s => best.Suspects.TryGetValue(s, out var x) ? x : best.Suspects[s] = new Suspect(s)));
        }
        foreach (var s in best!.Suspects.Values.Where(s => ta is null || !traced.Contains(s.Service)))
        {
            // Logs and metrics may name a service the traces do not know (the namespace is all they add).
            resolver.Of(new EntityRef("Service", null, s.Service));
        }
        var stability = best.Ranked.Count == 0 ? 0
            : Stability(evaluations.Select(e => (e.Ranked.Count > 0 ? e.Ranked[0].Service : null, e.Decisiveness)).ToList(), best.Ranked[0].Service, best.Decisiveness);
        Emit(best, resolver, result, stability);
        return result;
    }

    private sealed record Evaluation(DateTimeOffset Split, Dictionary<string, Suspect> Suspects, List<Suspect> Ranked, double Decisiveness);

    private static Evaluation Evaluate(EvidenceSet evidence, TraceAnalysis? ta, List<string> traced, ServiceResolver resolver, IReadOnlyList<MetricSeries> rates,
        LogShifts.Prepared logs, DateTimeOffset split, FusionWeights weights)
    {
        var suspects = new Dictionary<string, Suspect>(StringComparer.Ordinal);
        Suspect Of(string s) => suspects.TryGetValue(s, out var x) ? x : suspects[s] = new Suspect(s);
        var edges = new HashSet<(string Caller, string Callee)>();
        var delayed = new List<DelayedEdge>();
        if (ta is not null)
        {
            AddTraces(ta.At(split), split, Of, edges, delayed);
        }
        var (logShifts, logEdges) = LogShifts.Compute(logs, split, suspects.Keys.Concat(traced).ToList());
        AddLogs(logShifts, Of);
        foreach (var e in logEdges)
        {
            edges.Add(e);
        }
        var metricShifts = MetricShifts.Compute(rates, split.ToUnixTimeMilliseconds() / 1000.0, resolver.Of);
        AddMetrics(metricShifts, Of);
        BlameDelays(delayed, Of);
        // Without traces there is no request path to follow and no request-level onset: the split is a guess from the logs (and metrics),
        // and a lead must show in two sources (or very strongly in one) to be more than one service moving on its own. With logs alone,
        // that means very strongly in the logs: one service's error lines are not evidence that it fails its callers.
        var needBoth = ta is null && evidence.Logs.Count > 0;
        // Fusion ranks services against each other: with one service in the evidence there is nothing to rank, and its own error lines
        // say it suffers, not that it is where the fault starts (the analyzers and signatures state what it logged).
        // That counts the services the evidence shows (traced, logging, measured), not the suspects: one anomalous service among many
        // healthy ones is the clearest lead there is.
        var services = new HashSet<string>(traced, StringComparer.Ordinal);
        services.UnionWith(logs.Names);
        services.UnionWith(metricShifts.Select(m => m.Service));
        services.UnionWith(suspects.Keys);
        var ranked = services.Count < 2 ? [] : Score(suspects, edges, weights, needBoth);
        var f1 = ranked.Count > 0 ? ranked[0].Final : 0;
        var f2 = ranked.Count > 1 ? ranked[1].Final : 0;
        return new Evaluation(split, suspects, ranked, f1 * (0.5 + (0.5 * (f1 - f2))));
    }

    private static void AddTraces(TraceAnalysis at, DateTimeOffset split, Func<string, Suspect> of, HashSet<(string, string)> edges, List<DelayedEdge> delayed)
    {
        foreach (var e in at.Graph.Edges)
        {
            if (e.Caller != e.Callee)
            {
                edges.Add((e.Caller, e.Callee));
            }
        }
        var shifts = TraceShifts.Compute(at.Index, split);
        // A node-wide slowdown moves every service's processing time a little: only what stands out from the peers counts.
        var typical = Median(shifts.Services.Where(s => s.ProcessingOperation is not null).Select(s => s.ProcessingZ));
        foreach (var s in shifts.Services)
        {
            var z = Math.Max(0, s.ProcessingZ - typical);
            var strength = Sat(z, 10) * Sat(Math.Max(0, s.ProcessingRatio - 1), 0.5);
            if (strength <= 0)
            {
                continue;
            }
            var p = of(s.Service);
            p.Processing = strength;
            p.Operation = s.ProcessingOperation;
            p.TraceFault ??= "slow_processing";
            p.Seen(s.First);
            p.TraceRefs.AddRange(s.Samples.Take(2).Select(x => x.Cite()));
            foreach (var x in s.Samples)
            {
                p.TraceIds.Add(x.TraceId);
            }
        }
        delayed.AddRange(shifts.Delayed);
        foreach (var s in shifts.Services.Where(s => s.DelayZ > 0 && s.Samples.Count > 0))
        {
            var p = of(s.Service);
            p.Seen(s.First);
            if (p.TraceRefs.Count == 0)
            {
                p.TraceRefs.AddRange(s.Samples.Take(2).Select(x => x.Cite()));
            }
        }
        foreach (var g in at.ErrorOrigins.GroupBy(o => o.Service, StringComparer.Ordinal))
        {
            var p = of(g.Key);
            var top = g.MaxBy(o => o.Excess)!;
            p.Errors = Math.Max(p.Errors, Sat(g.Sum(o => o.Excess), 10));
            p.ErrorFault = top.Fault;
            p.Exception |= top.ExceptionType is not null;
            p.Seen(top.First);
            p.TraceRefs.InsertRange(0, top.Samples.Take(2).Select(x => x.Cite()));
            foreach (var x in top.Samples)
            {
                p.TraceIds.Add(x.TraceId);
            }
        }
    }

    // A slower wire between two services is the callee's network, unless the caller is the common end of several delayed calls into
    // callees nobody else finds slow (its own network), or the caller is itself starved (its processing time or CPU moved) and the callee
    // is slow for nobody else: a starved caller reads its replies late, and its client spans grow by that.
    private static void BlameDelays(List<DelayedEdge> delayed, Func<string, Suspect> of)
    {
        var strength = delayed.ToDictionary(d => d, d => Sat(d.Z, 6) * Sat(d.Ms, 20));
        if (strength.Count == 0)
        {
            return;
        }
        var strongest = strength.Values.Max();
        var strong = delayed.Where(d => strength[d] >= 0.5 * strongest && strength[d] > 0.1).ToList();
        var outCount = strong.GroupBy(d => d.Caller, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var inCount = strong.GroupBy(d => d.Callee, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var d in delayed)
        {
            var alone = inCount.GetValueOrDefault(d.Callee) <= 1;
            var caller = of(d.Caller);
            var callee = of(d.Callee);
            var starved = Math.Max(caller.Processing, caller.Resource) >= 0.5 && Math.Max(caller.Processing, caller.Resource) > Math.Max(callee.Processing, callee.Resource);
            if (alone && starved)
            {
                caller.Processing = Math.Max(caller.Processing, strength[d]);
                continue;
            }
            var blame = alone && outCount.GetValueOrDefault(d.Caller) >= 2 ? caller : callee;
            if (strength[d] > blame.Delay)
            {
                blame.Delay = strength[d];
                blame.TraceFault = "network_delay";
            }
        }
    }

    private static void AddLogs(IReadOnlyList<ServiceLogShift> shifts, Func<string, Suspect> of)
    {
        if (shifts.Count == 0)
        {
            return;
        }
        var own = shifts.ToDictionary(s => s.Service, s =>
            1 - ((1 - Sat(s.NewZ, 6)) * (1 - Sat(s.ErrorZ, 5)) * (1 - Sat(Math.Max(s.BrokenZ, 0.5 * s.VanishedZ), 4))), StringComparer.Ordinal);
        // When every service writes new errors (a shared dependency failed, a wave of bad input), writing them is not a lead.
        // Peers are only a reference when there are a few of them: one service's own change is not its typical one.
        var writers = shifts.Where(s => s.LinesBefore + s.LinesAfter > 0).Select(s => own[s.Service]).ToList();
        var typical = writers.Count >= 3 ? Median(writers) : 0;
        var linesBefore = shifts.Sum(s => s.LinesBefore);
        var ratio = (shifts.Sum(s => s.LinesAfter) + 1.0) / (linesBefore + 1.0);
        foreach (var s in shifts)
        {
            var expectedNamed = s.NamedBefore * ratio;
            var named = Sat(Math.Max(0, (s.Named - expectedNamed) / Math.Sqrt(expectedNamed + 1)), 5);
            var expectedComplaints = s.ComplainsBefore * ratio;
            var complains = Sat(Math.Max(0, (s.Complains - expectedComplaints) / Math.Sqrt(expectedComplaints + 1)), 5);
            var mine = Math.Max(0, own[s.Service] - typical);
            if (mine <= 0 && named <= 0 && complains <= 0)
            {
                continue;
            }
            var p = of(s.Service);
            p.Complains = complains;
            p.OwnLogs = mine;
            p.NamedLogs = named;
            p.Exception |= s.Exception;
            p.VanishedOnly = s.NewZ < 3 && s.ErrorZ < 3 && s.VanishedZ >= 3;
            p.LogTemplate = s.NewTemplate ?? s.VanishedTemplate;
            p.ExceptionType = s.ExceptionType;
            p.Seen(s.First);
            p.LogRefs.AddRange(s.Samples);
        }
    }

    private static void AddMetrics(IReadOnlyList<ServiceMetricShift> shifts, Func<string, Suspect> of)
    {
        foreach (var m in shifts)
        {
            var moved = Sat(m.PeerZ, 3) * Sat(Math.Abs(m.Z), 10);
            if (m.Z > 0 && m.Kind is "cpu" or "memory")
            {
                var p0 = of(m.Service);
                if (m.Z > p0.Up.GetValueOrDefault(m.Kind).Z)
                {
                    p0.Up[m.Kind] = (m.Z, m.Metric);
                }
            }
            if (moved <= 0)
            {
                continue;
            }
            var p = of(m.Service);
            var resource = m.Kind is "cpu" or "memory";
            var s = moved * (resource ? 1 : m.Kind is "errors" ? 0.8 : 0.6);
            if (resource ? s <= p.Resource : s <= p.Symptom)
            {
                continue;
            }
            if (resource)
            {
                p.Resource = s;
            }
            else
            {
                p.Symptom = s;
            }
            if (s >= Math.Max(p.Resource, p.Symptom))
            {
                p.MetricName = m.Metric;
                p.MetricKind = m.Kind;
                p.MetricZ = m.Z;
                p.MetricRef = m.Ref;
            }
            p.Seen(m.First);
        }
    }

    private static List<Suspect> Score(Dictionary<string, Suspect> suspects, HashSet<(string Caller, string Callee)> edges, FusionWeights w, bool needBoth)
    {
        foreach (var s in suspects.Values)
        {
            // What is its own (its processing, the wire into it, errors it originates, its CPU and memory) cannot be a callee's doing;
            // what spreads (its logs, its latency and error metrics) can.
            // Callers naming a service is about it, but a service whose own telemetry looks healthy is named for half: complaints
            // its own spans, lines and resources do not corroborate may be about the way to it, or about nothing it did.
            var corroborated = Math.Max(Math.Max(s.Trace, s.Resource), Math.Max(s.OwnLogs, s.Symptom)) >= 0.2;
            // Callers complaining about a service that itself complains about what it calls are about the chain below it: that spreads.
            var named = Clamp(w.Logs * s.NamedLogs * (corroborated ? 1 : 0.5));
            var relays = s.Complains >= 0.5;
            s.Own = Or(Clamp(w.Traces * s.Trace), Clamp(w.Metrics * s.Resource), relays ? 0 : named);
            // Its own complaints about what it calls are a symptom, and they say where to look: below it.
            var spread = 1 - ((1 - Clamp(w.Logs * s.OwnLogs)) * (1 - Clamp(w.Symptoms * s.Symptom)) * (1 - (relays ? named : 0)) * (1 - Clamp(w.Logs * s.Complains)));
            s.Raw = Or(s.Own, spread);
            s.Final = s.Raw;
            s.Spread = spread;
        }
        var callees = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (caller, callee) in edges)
        {
            if (!callees.TryGetValue(caller, out var list))
            {
                callees[caller] = list = [];
            }
            list.Add(callee);
        }
        foreach (var s in suspects.Values)
        {
            foreach (var d in Downstream(s.Service, callees))
            {
                // Only what is the callee's own (not its own symptoms, which may have a cause further down) explains a caller.
                // A caller that complains about what it calls needs no proof of proportion: it says where the trouble is. A callee whose own
                // evidence is weaker than the caller's own explains none of it.
                if (suspects.TryGetValue(d, out var callee) && (callee.Own >= w.VictimRatio * s.Raw || s.Complains >= 0.5) && callee.Own >= MinScore
                    && callee.Own >= s.Own
                    && (s.VictimOf is null || callee.Own > suspects[s.VictimOf].Own))
                {
                    s.VictimOf = d;
                }
            }
            if (s.VictimOf is not null)
            {
                s.Final = Or(s.Own, s.Spread * w.VictimFactor);
            }
        }

        return suspects.Values.Where(s => s.Final >= MinScore && (!needBoth || Corroborated(s)))
            .OrderByDescending(s => Math.Round(s.Final, 9)).ThenBy(s => s.First ?? DateTimeOffset.MaxValue).ThenBy(s => s.Service, StringComparer.Ordinal).ToList();
    }

    // Read from logs and metrics only, a fault in a service shows in both (a CPU fault in its CPU and its callers' lines naming it, an
    // exception in its lines and its error metrics), or very strongly in one. One moderate move in one of them while the other stays quiet
    // is what a noisy service does on its own (a burst of errors, a CPU wobble, a few more lines naming it): among a few dozen services one
    // always moves. With traces this is not asked: on real faults the traces alone often carry the right answer at moderate strength.
    private static bool Corroborated(Suspect s)
    {
        var strengths = new[] { s.Trace, s.Metric, s.Log };
        return strengths.Count(x => x >= Agree) >= 2 || strengths.Max() >= StrongAlone;
    }

    // How much the lead depends on the split: the share of the plausible splits (weighted by how decisive each is, counting those at least
    // half as decisive as the best) that put the same service first. A fault that is there names its service at any reasonable split; a
    // lead that only one split produces is a coincidence of timing.
    internal static double Stability(IReadOnlyList<(string? Lead, double Decisiveness)> splits, string lead, double best)
    {
        double same = 0, all = 0;
        foreach (var (l, d) in splits.Where(e => e.Decisiveness >= 0.5 * best && e.Decisiveness > 0))
        {
            all += d;
            same += l == lead ? d : 0;
        }
        return all <= 0 ? 1 : same / all;
    }

    private static void Emit(Evaluation e, ServiceResolver resolver, List<Finding> result, double stability)
    {
        var (suspects, ranked) = (e.Suspects, e.Ranked);
        if (ranked.Count == 0)
        {
            return;
        }
        var best = ranked[0].Final;
        var second = ranked.Count > 1 ? ranked[1].Final : 0;
        // A lead that other plausible fault start times would not give is less sure: at stability 0 it keeps 60% of its confidence.
        var confidence = Confidence(ranked[0], best, second) * (0.6 + (0.4 * stability));
        for (var r = 0; r < Math.Min(MaxCulprits, ranked.Count); r++)
        {
            var s = ranked[r];
            if (s.Final < 0.2 * best)
            {
                break;
            }
            var conf = r == 0 ? confidence : Math.Min(confidence, Confidence(s, s.Final, best) * 0.9);
            var fault = FaultKind(s);
            var sources = string.Join(",", new[] { s.Trace > 0 ? "traces" : null, s.Metric > 0 ? "metrics" : null, s.Log > 0 ? "logs" : null }.Where(x => x is not null));
            // A lead most plausible start times would not give is a suspect whatever its strength: it rests on the timing.
            var support = stability < MinStability ? "thin" : conf >= 0.6 ? "strong" : conf >= 0.4 ? "moderate" : "thin";
            var lead = support == "thin" ? "suspect" : "culprit";
            var refs = s.TraceRefs.Take(2).Concat(s.MetricRef is { } mr ? [mr] : []).Concat(s.LogRefs.Take(2)).ToList();
            result.Add(new Finding(CorrelationFindingKinds.FusionCulprit,
                $"#{r + 1} {lead} from {sources.Replace(",", " + ", StringComparison.Ordinal)}: {s.Service} ({Describe(fault)}; traces {Num(s.Trace)}, metrics {Num(s.Metric)}, logs {Num(s.Log)}; {support} evidence)",
                resolver.Entity(s.Service), s.First, null, Math.Round(conf, 3), refs)
            {
                Severity = r == 0 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = s.Service,
                    ["rank"] = Num(r + 1),
                    ["score"] = Num(s.Final),
                    ["confidence"] = Num(conf),
                    ["support"] = support,
                    ["suspected"] = support == "thin" ? "Suspected: " : "",
                    ["fault"] = fault,
                    ["faultText"] = Describe(fault),
                    ["traceFault"] = s.ErrorFault ?? s.TraceFault ?? "",
                    ["traceScore"] = Num(s.Trace),
                    ["metricScore"] = Num(s.Metric),
                    ["logScore"] = Num(s.Log),
                    ["metric"] = s.MetricName ?? "",
                    ["faultMetric"] = (fault switch { "cpu_saturation" => s.Up.GetValueOrDefault("cpu").Metric, "memory" => s.Up.GetValueOrDefault("memory").Metric, _ => null }) ?? s.MetricName ?? "",
                    ["robustZ"] = Num(s.MetricZ),
                    ["sources"] = sources,
                    ["victimOf"] = s.VictimOf ?? "",
                    ["traceIds"] = string.Join(",", s.TraceIds.Order(StringComparer.Ordinal).Take(3)),
                    ["faultOnset"] = s.Split.ToString("O", CultureInfo.InvariantCulture),
                    ["stability"] = Num(stability),
                },
            });
        }
        var named = ranked.Take(MaxCulprits).Select(s => s.Service).ToHashSet(StringComparer.Ordinal);
        foreach (var s in suspects.Values.Where(s => s.VictimOf is not null && named.Contains(s.VictimOf) && s.Raw >= 0.2 * best).OrderBy(s => s.Service, StringComparer.Ordinal))
        {
            var by = suspects[s.VictimOf!];
            result.Add(new Finding(CorrelationFindingKinds.FusionVictim,
                $"{s.Service} is a victim: it calls {by.Service}, whose anomaly explains its own (score {Num(by.Raw)} vs {Num(s.Raw)})",
                resolver.Entity(s.Service), s.First, null, Math.Round(Math.Min(1, by.Raw / Math.Max(s.Raw, 1e-9) / 2), 3),
                s.TraceRefs.Take(1).Concat(s.LogRefs.Take(1)).ToList())
            {
                Severity = FindingSeverity.Info,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string> { ["service"] = s.Service, ["explainedBy"] = by.Service },
            });
        }
    }

    // How far the evidence carries the lead: its own strength, its margin over the runner-up, and whether more than one source agrees.
    private static double Confidence(Suspect s, double score, double runnerUp)
    {
        var margin = score <= 0 ? 0 : Math.Clamp((score - runnerUp) / score, 0, 1);
        var agreeing = new[] { s.Trace, s.Metric, s.Log }.Count(x => x >= 0.3);
        return Math.Clamp(score * (0.55 + (0.45 * margin)) * (agreeing >= 2 ? 1 : 0.85), 0, 0.99);
    }

    private static string FaultKind(Suspect s)
    {
        var mem = s.Up.GetValueOrDefault("memory").Z;
        var cpu = s.Up.GetValueOrDefault("cpu").Z;
        return 0 switch
        {
            _ when s.ErrorFault == "dependency_error" && s.Errors >= s.Delay => "dependency_down",
            _ when s.Delay > 0 && s.Delay >= s.Processing && s.Delay >= s.Errors && s.Delay >= s.Resource => "network_delay",
            // A leak also burns CPU (the collector): its own lines saying it ran out of memory settle which came first.
            _ when s.Resource > 0 && mem >= StrongMove && (mem >= cpu || SaysOutOfMemory(s.ExceptionType) || SaysOutOfMemory(s.LogTemplate)) => "memory",
            _ when s.Resource > 0 && cpu >= StrongMove => "cpu_saturation",
            _ when s.ErrorFault is "exception" || (s.ErrorFault is not null && s.Exception) => "exception",
            _ when s.ErrorFault is not null => "error_return",
            _ when s.OwnLogs > 0 && s.Exception => "exception",
            _ when s.OwnLogs > 0 && s.OwnLogs >= s.Processing => "error_return",
            _ when cpu >= StrongMove => "cpu_saturation",
            _ => "latency",
        };
    }

    private static bool SaysOutOfMemory(string? text) => text is not null
        && (text.Contains("OutOfMemory", StringComparison.OrdinalIgnoreCase) || text.Contains("out of memory", StringComparison.OrdinalIgnoreCase)
            || text.Contains("heap space", StringComparison.OrdinalIgnoreCase) || text.Contains("OOMKilled", StringComparison.Ordinal));

    internal static string Describe(string fault) => fault switch
    {
        "cpu_saturation" => "CPU saturation",
        "memory" => "memory exhaustion",
        "network_delay" => "network delay",
        "error_return" => "returns errors",
        "exception" => "throws exceptions",
        "dependency_down" => "dependency down",
        _ => "slow",
    };

    private static HashSet<string> Downstream(string service, Dictionary<string, List<string>> callees)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([service]);
        while (stack.Count > 0)
        {
            if (!callees.TryGetValue(stack.Pop(), out var next))
            {
                continue;
            }
            foreach (var n in next)
            {
                if (n != service && seen.Add(n))
                {
                    stack.Push(n);
                }
            }
        }
        return seen;
    }

    /// <summary>1 − e^(−x/scale): 0 at 0, 0.63 at <paramref name="scale"/>, toward 1 beyond.</summary>
    internal static double Sat(double x, double scale) => x <= 0 ? 0 : 1 - Math.Exp(-x / scale);

    private static double Clamp(double x) => Math.Clamp(x, 0, 0.99);

    private static double Or(double a, double b) => 1 - ((1 - a) * (1 - b));

    private static double Or(double a, double b, double c) => 1 - ((1 - a) * (1 - b) * (1 - c));

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? 0 : v.Count % 2 == 1 ? v[v.Count / 2] : (v[(v.Count / 2) - 1] + v[v.Count / 2]) / 2;
    }

    internal static string Num(double v) => Math.Round(v, 3).ToString(CultureInfo.InvariantCulture);
}
