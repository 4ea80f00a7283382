using System.Text;

namespace Firefighter.Sources.Tests.Readers;

public class ExpositionReaderTests
{
    private const string PromText = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1705399200000
        http_requests_total{method="post",code="400"}    3 1705399200000

        # A comment that is not metadata.
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9 1705399200000

        # HELP go_goroutines Number of goroutines that currently exist.
        # TYPE go_goroutines gauge
        go_goroutines 71 1705399200000
        # TYPE rpc_duration_seconds summary
        rpc_duration_seconds{quantile="0.5"} NaN 1705399200000
        rpc_duration_seconds_sum 1.7560473e+07 1705399200000
        rpc_duration_seconds_count 2693 1705399200000
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.1"} 33444 1705399200000
        http_request_duration_seconds_bucket{le="+Inf"} 144320 1705399200000
        something_weird{problem="division by zero"} +Inf 1705399200000
        minus_inf -Inf 1705399200000
        """;

    [Fact]
    public void PrometheusText_TypesEscapesSpecialValuesAndMillisecondTimestamps()
    {
        using var bundle = new TestBundle().Text("metrics/api-1.prom", PromText);

        var evidence = bundle.ReadOk();
        var m = evidence.Metrics.ToDictionary(s => s.Id);

        evidence.Warnings.ShouldBeEmpty();
        var ok = m["http_requests_total{code=\"200\",instance=\"api-1\",method=\"post\"}"];
        ok.Values.ShouldBe([1027]);
        ok.Timestamps.ShouldBe([1705399200]);
        ok.Type.ShouldBe("counter");
        ok.Ref.ToString().ShouldBe("metrics/api-1.prom:3");
        var msdos = evidence.Metrics.Single(s => s.Name == "msdos_file_access_time_seconds");
        msdos.Label("path").ShouldBe("C:\\DIR\\FILE.TXT");
        msdos.Label("error").ShouldBe("Cannot find file:\n\"FILE.TXT\"");
        msdos.Type.ShouldBeNull();
        m["go_goroutines{instance=\"api-1\"}"].Type.ShouldBe("gauge");
        double.IsNaN(m["rpc_duration_seconds{instance=\"api-1\",quantile=\"0.5\"}"].Values[0]).ShouldBeTrue();
        m["rpc_duration_seconds_count{instance=\"api-1\"}"].Type.ShouldBe("summary");
        m["http_request_duration_seconds_bucket{instance=\"api-1\",le=\"+Inf\"}"].Type.ShouldBe("histogram");
        m["something_weird{instance=\"api-1\",problem=\"division by zero\"}"].Values[0].ShouldBe(double.PositiveInfinity);
        m["minus_inf{instance=\"api-1\"}"].Values[0].ShouldBe(double.NegativeInfinity);
        evidence.Files.ShouldContain(f => f.Path == "metrics/api-1.prom" && f.Kind == "metrics");
    }

    [Fact]
    public void OpenMetrics_SecondsTimestampsUnitExemplarsCreatedAndNewTypes()
    {
        using var bundle = new TestBundle().Text("metrics/app.om", """
            # TYPE acme_http_router_request_seconds summary
            # UNIT acme_http_router_request_seconds seconds
            # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
            acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32 1705399200.5
            acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0 1705399200.5
            acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0 1705399200.5
            # TYPE foo counter
            foo_total 17.0 1705399200 # {trace_id="KOO5S4vxi0o"} 0.67 1705399199.9
            foo_created 1520430000.123 1705399200
            # TYPE build info
            build_info{version="1.2.3"} 1 1705399200
            # TYPE door stateset
            door{door="open"} 1 1705399200
            # TYPE q gaugehistogram
            q_gcount 42 1705399200
            # TYPE mystery unknown
            mystery 7 1705399200
            # EOF
            """);

        var evidence = bundle.ReadOk();
        var m = evidence.Metrics.ToDictionary(s => s.Name);

        evidence.Warnings.ShouldBeEmpty();
        m["acme_http_router_request_seconds_sum"].Timestamps.ShouldBe([1705399200.5]);
        m["acme_http_router_request_seconds_sum"].Type.ShouldBe("summary");
        m["foo_total"].Values.ShouldBe([17]);
        m["foo_total"].Type.ShouldBe("counter");
        m["foo_created"].Type.ShouldBe("counter");
        m["build_info"].Type.ShouldBe("info");
        m["door"].Type.ShouldBe("stateset");
        m["q_gcount"].Type.ShouldBe("gaugehistogram");
        m["mystery"].Type.ShouldBe("unknown");
    }

    [Fact]
    public void SnapshotsOfOneTarget_MergeAcrossFiles_TargetsStayApart()
    {
        using var bundle = new TestBundle()
            .Text("metrics/node-1-1400.prom", "# scraped at 2024-01-16T14:00:00Z\nnode_load1 0.5\n")
            .Text("metrics/node-1-1405.prom", "# scraped at 2024-01-16T14:05:00Z\nnode_load1 4.5\n")
            .Text("metrics/node-2.prom", "# scraped at 2024-01-16T14:05:00Z\nnode_load1 0.1\n");

        var metrics = bundle.ReadOk().Metrics;

        metrics.Count.ShouldBe(2);
        var node1 = metrics.Single(s => s.Label("instance") == "node-1");
        node1.Values.ShouldBe([0.5, 4.5]);
        node1.Timestamps.ShouldBe([1705413600, 1705413900]);
        metrics.Single(s => s.Label("instance") == "node-2").Values.ShouldBe([0.1]);
    }

    [Fact]
    public void ConcatenatedScrapes_OneFile_SeveralPoints_NoDuplicateHelpWarning()
    {
        using var bundle = new TestBundle().Text("metrics/api.prom", """
            # scraped at 1705413600
            # HELP up Target up.
            # TYPE up gauge
            up 1
            # scraped at 1705413660
            # HELP up Target up.
            # TYPE up gauge
            up 0
            """);

        var evidence = bundle.ReadOk();
        var up = evidence.Metrics.ShouldHaveSingleItem();

        up.Timestamps.ShouldBe([1705413600, 1705413660]);
        up.Values.ShouldBe([1, 0]);
        evidence.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void HourMinuteInFileName_IsPlacedOnTheIncidentDate_WithAWarning()
    {
        using var bundle = new TestBundle()
            .Text("incident.yaml", "start: 2024-01-16T13:50:00Z\n")
            .Text("metrics/node-1-1400.prom", "node_load1 0.5\n")
            .Text("metrics/node-1-1405.prom", "node_load1 4.5\n");

        var evidence = bundle.ReadOk();
        var s = evidence.Metrics.ShouldHaveSingleItem();

        s.Timestamps.ShouldBe([1705413600, 1705413900]);
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/node-1-1405.prom" && w.Message.Contains("1405 UTC on the incident's date", StringComparison.Ordinal));
    }

    [Fact]
    public void NoTimeAnywhere_UsesIncidentCapturedAt_WithAWarning_ElseSkipsWithAWarning()
    {
        using var withIncident = new TestBundle()
            .Text("incident.yaml", "start: 2024-01-16T13:50:00Z\ncaptured_at: 2024-01-16T14:30:00Z\n")
            .Text("metrics/app.prom", "up 1\n");
        var evidence = withIncident.ReadOk();
        evidence.Metrics.ShouldHaveSingleItem().Timestamps.ShouldBe([1705415400]);
        evidence.Warnings.ShouldContain(w => w.Message.Contains("incident's captured_at 2024-01-16T14:30:00Z", StringComparison.Ordinal));

        using var bare = new TestBundle().Text("metrics/app.prom", "up 1\n");
        var none = bare.ReadOk();
        none.Metrics.ShouldBeEmpty();
        none.Warnings.ShouldContain(w => w.Source == "metrics/app.prom" && w.Message.Contains("no incident time", StringComparison.Ordinal));
    }

    [Fact]
    public void DuplicateTimestamp_KeepsLastWithWarning()
    {
        using var bundle = new TestBundle().Text("metrics/a.prom", "x 1 1705413600000\nx 2 1705413600000\n");

        var evidence = bundle.ReadOk();

        evidence.Metrics.ShouldHaveSingleItem().Values.ShouldBe([2]);
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/a.prom" && w.Message.Contains("1 duplicate timestamp(s) in series x{instance=\"a\"}; the last value kept", StringComparison.Ordinal));
    }

    [Fact]
    public void TxtFile_IsSniffed_CsvAndJsonAreNotClaimed()
    {
        using var bundle = new TestBundle()
            .Text("metrics/scrape.txt", "# HELP up x\n# TYPE up gauge\nup 1 1705413600000\n")
            .Text("metrics/notes.txt", "this is not a scrape\n");

        var evidence = bundle.ReadOk();

        evidence.Metrics.ShouldHaveSingleItem().Name.ShouldBe("up");
        evidence.Files.ShouldContain(f => f.Path == "metrics/notes.txt" && f.Kind == "unknown");
    }

    [Fact]
    public void HostileLines_EachWarnsWithFileAndLine_RestOfFileReads()
    {
        var hugeLabels = new StringBuilder("huge{");
        for (var i = 0; i < 100_000; i++)
        {
            hugeLabels.Append('l').Append(i).Append("=\"v\",");
        }
        hugeLabels.Append("} 1 1705413600000");
        var text = string.Join('\n',
            "# TYPE a counter",
            "a_total{x=\"cut", // 2: truncated
            "b{x=\"bad\\q\"} 1 1705413600000", // 3: bad escape (kept, warned)
            "\u0001\u0002\u00ff\u00fe garbage", // 4: binary garbage
            hugeLabels.ToString(), // 5: 100k labels (over the line limit)
            "# TYPE c histogrammish", // 6: unknown TYPE
            "# HELP d first", // 7
            "# HELP d second", // 8: duplicate HELP
            "c 3 1705413600000",
            "d 4 1705413600000",
            "good 5 1705413600000",
            "");
        using var bundle = new TestBundle().Text("metrics/hostile.prom", text);

        var evidence = bundle.ReadOk();
        var names = evidence.Metrics.Select(s => s.Name).ToList();

        names.ShouldBe(["b", "c", "d", "good"]);
        evidence.Metrics.Single(s => s.Name == "b").Label("x").ShouldBe("bad\\q");
        evidence.Metrics.Single(s => s.Name == "c").Type.ShouldBe("untyped");
        var w = evidence.Warnings.Where(w => w.Source == "metrics/hostile.prom").ToList();
        w.ShouldContain(x => x.Line == 2 && x.Message.Contains("not closed", StringComparison.Ordinal));
        w.ShouldContain(x => x.Line == 3 && x.Message.Contains("unknown escape", StringComparison.Ordinal));
        w.ShouldContain(x => x.Line == 4 && x.Message.Contains("line skipped", StringComparison.Ordinal));
        w.ShouldContain(x => x.Line == 5 && x.Message.Contains("truncated", StringComparison.Ordinal));
        w.ShouldContain(x => x.Line == 6 && x.Message.Contains("unknown TYPE 'histogrammish'", StringComparison.Ordinal));
        w.ShouldContain(x => x.Line == 8 && x.Message.Contains("second HELP for d", StringComparison.Ordinal));
    }

    [Fact]
    public void BinaryFile_IsWarnedNotRead()
    {
        using var bundle = new TestBundle().Bytes("metrics/blob.prom", [0x1f, 0x00, 0x42, 0x00, 0xff]);

        var evidence = bundle.ReadOk();

        evidence.Metrics.ShouldBeEmpty();
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/blob.prom" && w.Message.StartsWith("not read: binary file", StringComparison.Ordinal));
    }

    [Fact]
    public void DeclaredCounterWithoutTotalSuffix_IsRatedByScreening()
    {
        using var bundle = new TestBundle().Text("metrics/app.prom", """
            # TYPE requests counter
            requests 100 1705413600000
            requests 160 1705413660000
            requests 220 1705413720000
            # TYPE queue_count gauge
            queue_count 5 1705413600000
            queue_count 6 1705413660000
            queue_count 7 1705413720000
            """);

        var rates = Firefighter.Metrics.ScreeningFindings.AsRates(bundle.ReadOk().Metrics);

        rates.Single(s => s.Name == "requests").Values.ShouldBe([1, 1]);
        rates.Single(s => s.Name == "queue_count").Values.ShouldBe([5, 6, 7]);
    }
}
