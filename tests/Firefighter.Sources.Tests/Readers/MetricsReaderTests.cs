using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Readers;

public class MetricsReaderTests
{
    [Fact]
    public void QueryRangeMatrix_RealPrometheusExample()
    {
        using var bundle = new TestBundle().Copy("metrics/up.json", RepoPaths.InShared("formats", "prometheus-api", "query_range_matrix.json"));

        var metrics = bundle.ReadOk().Metrics;

        metrics.Count.ShouldBe(2);
        metrics[0].Name.ShouldBe("up");
        metrics[0].Id.ShouldBe("up{instance=\"localhost:9090\",job=\"prometheus\"}");
        metrics[0].Timestamps.ShouldBe([1435781430.781, 1435781445.781, 1435781460.781]);
        metrics[1].Values.ShouldBe([0, 0, 1]);
        metrics[0].Ref.Source.ShouldBe("metrics/up.json");
        metrics[0].Ref.Line.ShouldBe(6);
        metrics[1].Ref.Line.ShouldBe(18);
    }

    [Fact]
    public void QueryVector_RealPrometheusExample()
    {
        using var bundle = new TestBundle().Copy("metrics/now.json", RepoPaths.InShared("formats", "prometheus-api", "query_vector.json"));

        var metrics = bundle.ReadOk().Metrics;

        metrics.Select(m => m.Label("job")).ShouldBe(["prometheus", "node"]);
        metrics.ShouldAllBe(m => m.Count == 1);
        metrics[1].Values[0].ShouldBe(0);
    }

    [Fact]
    public void ErrorEnvelope_IsWarned()
    {
        using var bundle = new TestBundle().Copy("metrics/bad.json", RepoPaths.InShared("formats", "prometheus-api", "error_bad_data.json"));

        var evidence = bundle.ReadOk();

        evidence.Metrics.ShouldBeEmpty();
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/bad.json" && w.Line == 1 && w.Message.StartsWith("Prometheus error response: bad_data"));
    }

    [Fact]
    public void MatrixValues_NaNInfUnsortedAndDuplicates()
    {
        using var bundle = new TestBundle().Text("metrics/q.json", """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"pod":"api-1"},"values":[[30,"3"],[10,"NaN"],[20,"+Inf"],[20,"2"]]}
            ]}}
            """);

        var evidence = bundle.ReadOk();
        var series = evidence.Metrics.ShouldHaveSingleItem();

        series.Name.ShouldBe("q");
        series.Timestamps.ShouldBe([10, 20, 30]);
        double.IsNaN(series.Values[0]).ShouldBeTrue();
        series.Values[1].ShouldBe(2);
        series.Values[2].ShouldBe(3);
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/q.json" && w.Line == 2 && w.Message.StartsWith("1 duplicate timestamp"));
    }

    [Fact]
    public void Csv_TimestampValue_SeriesNamedByStem()
    {
        using var bundle = new TestBundle().Text("metrics/error_ratio.csv", "timestamp,value\n1705328400,0.01\n1705328460,0.25\n");

        var series = bundle.ReadOk().Metrics.ShouldHaveSingleItem();

        series.Name.ShouldBe("error_ratio");
        series.Timestamps.ShouldBe([1705328400, 1705328460]);
        series.Values.ShouldBe([0.01, 0.25]);
    }

    [Fact]
    public void Csv_LongFormatWithSelectorsAndIsoTimes()
    {
        using var bundle = new TestBundle().Text("metrics/mem.csv", """
            timestamp,series,value
            2024-01-15T14:00:00Z,"container_memory_working_set_bytes{pod=""api-1"",container=""api""}",4.0e8
            2024-01-15T14:01:00Z,container_memory_working_set_bytes{pod="api-1",container="api"},4.5e8
            2024-01-15T14:00:00Z,container_memory_working_set_bytes{pod="api-2"},1e8
            2024-01-15T14:01:00Z,container_memory_working_set_bytes{pod="api-2"},NaN
            """);

        var metrics = bundle.ReadOk().Metrics;

        metrics.Count.ShouldBe(2);
        metrics[0].Name.ShouldBe("container_memory_working_set_bytes");
        metrics[0].Label("pod").ShouldBe("api-1");
        metrics[0].Label("container").ShouldBe("api");
        metrics[0].Values.ShouldBe([4.0e8, 4.5e8]);
        metrics[0].Timestamps[0].ShouldBe(1705327200);
        metrics[0].Ref.Line.ShouldBe(2);
        metrics[1].Label("pod").ShouldBe("api-2");
        double.IsNaN(metrics[1].Values[1]).ShouldBeTrue();
    }

    [Fact]
    public void Csv_ZonelessTimesAndBadLines_Warned()
    {
        using var bundle = new TestBundle().Text("metrics/cpu.csv", "2024-01-15 14:00:00,1\nnot a line\n2024-01-15 14:00:00,2\n");

        var evidence = bundle.ReadOk();

        var series = evidence.Metrics.ShouldHaveSingleItem();
        series.Values.ShouldBe([2]);
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/cpu.csv" && w.Line == 2 && w.Message.Contains("skipped"));
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/cpu.csv" && w.Line == 1 && w.Message == "timestamps have no time zone; assumed UTC");
        evidence.Warnings.ShouldContain(w => w.Source == "metrics/cpu.csv" && w.Message.Contains("duplicate"));
    }
}
