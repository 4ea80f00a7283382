using BenchmarkDotNet.Attributes;
using Firefighter.Logs;
using Firefighter.Parsing;

namespace Firefighter.Bench.Logs;

/// <summary>Micro-benchmarks of the template-mining hot paths, per 1,000 HDFS-like lines (run: <c>-- --filter '*LogMining*'</c>).</summary>
[MemoryDiagnoser]
public class LogMiningBenchmarks
{
    private string[] _lines = [];
    private string[] _messages = [];
    private string[] _json = [];
    private LogLineParser _formatParser = null!;
    private LogLineParser _autoParser = null!;
    private TemplateMiner _warmMiner = null!;
    private readonly char[] _key = new char[1024];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        string[] shapes =
        [
            "081109 2036{0:00} {1} INFO dfs.DataNode$PacketResponder: PacketResponder {2} for block blk_{3} terminating",
            "081109 2036{0:00} {1} INFO dfs.DataNode$DataXceiver: Receiving block blk_{3} src: /10.250.{2}.{1}:{1} dest: /10.250.{2}.{1}:50010",
            "081109 2036{0:00} {1} INFO dfs.FSNamesystem: BLOCK* NameSystem.addStoredBlock: blockMap updated: 10.251.{2}.{1}:50010 is added to blk_{3} size {1}",
            "081109 2036{0:00} {1} WARN dfs.DataNode: Got exception while serving blk_{3} to /10.251.{2}.{1}:",
        ];
        _lines = Enumerable.Range(0, 1000).Select(i => string.Format(System.Globalization.CultureInfo.InvariantCulture, shapes[i % shapes.Length], i % 60, rng.Next(1, 30000), rng.Next(0, 3), rng.NextInt64())).ToArray();
        var format = LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out _)!;
        _formatParser = new LogLineParser(format);
        _autoParser = new LogLineParser(null);
        _messages = _lines.Select(l => l[(l.IndexOf(": ", StringComparison.Ordinal) + 2)..]).ToArray();
        _json = _lines.Select(l => $$"""{"ts":"2024-01-15T10:00:01Z","level":"info","msg":"{{l[40..]}}","trace_id":"abc"}""").ToArray();
        _warmMiner = new TemplateMiner();
        foreach (var m in _messages) { _warmMiner.Add(m); }
    }

    [Benchmark(Baseline = true, Description = "header split, --log-format (1k lines)")]
    public int HeaderWithFormat()
    {
        var n = 0;
        foreach (var l in _lines) { n += _formatParser.Parse(l.AsSpan()).Content.End.Value; }
        return n;
    }

    [Benchmark(Description = "header split, auto-detect (1k lines)")]
    public int HeaderAuto()
    {
        var n = 0;
        foreach (var l in _lines) { n += _autoParser.Parse(l.AsSpan()).Content.End.Value; }
        return n;
    }

    [Benchmark(Description = "JSON line fields (1k lines)")]
    public int JsonFields()
    {
        var n = 0;
        foreach (var l in _json) { n += _autoParser.Parse(l.AsSpan()).Content.End.Value; }
        return n;
    }

    [Benchmark(Description = "token masks (1k messages)")]
    public int MaskTokens()
    {
        var n = 0;
        foreach (var m in _messages)
        {
            foreach (var r in m.AsSpan().Split(' ')) { n += TemplateText.MaskToken(m.AsSpan(r), _key, out _); }
        }
        return n;
    }

    [Benchmark(Description = "miner Add, known signatures (1k messages)")]
    public int MinerAdd()
    {
        var n = 0;
        foreach (var m in _messages) { n += _warmMiner.Add(m); }
        return n;
    }

    [Benchmark(Description = "timestamp parse (1k)")]
    public long Timestamps()
    {
        long n = 0;
        foreach (var l in _lines)
        {
            if (Firefighter.Parsing.Timestamps.TryParse(l.AsSpan(0, 13), 2008, out var t, out _)) { n += t.Ticks; }
        }
        return n;
    }
}
