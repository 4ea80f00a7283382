using System.Text;
using Firefighter.Sources.Traces;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Traces;

public class TraceFileReaderTests
{
    private static (IReadOnlyList<Firefighter.Evidence.Span> Spans, IReadOnlyList<Firefighter.Evidence.EvidenceWarning> Warnings) ReadText(string json, string name = "traces/x.json")
        => TraceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), name);

    [Fact]
    public void Jaeger_ui_download_gives_services_parents_errors_and_microsecond_times()
    {
        var (spans, warnings) = TraceFileReader.ReadFile(RepoPaths.InShared("formats", "jaeger", "trace_ui_01.fixture.json"), "traces/ui.json");

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(5);
        spans.Select(s => s.Service).ShouldBe(["service-x", "service-x", "service-y", "service-y", "service-y"]);
        spans[1].IsError.ShouldBeTrue();              // tag error=true
        spans[1].Attr("peer.service").ShouldBe("service-y");
        spans[0].IsError.ShouldBeFalse();
        spans[2].ParentSpanId.ShouldBe("2");
        spans[3].ParentSpanId.ShouldBe("2");          // the CHILD_OF into another trace is ignored
        spans[4].ParentSpanId.ShouldBe("4");
        spans[0].Start.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1485467191639).AddTicks(8750));
        spans[4].Duration.ShouldBe(TimeSpan.FromTicks(40));
        spans[0].TraceId.ShouldBe("0000000000000001");
        spans[0].Ref.Source.ShouldBe("traces/ui.json");
        spans[0].Ref.Line.ShouldBe(1);
    }

    [Fact]
    public void Jaeger_api_envelope_reads_the_same_spans_with_the_line_of_each_trace()
    {
        var (spans, warnings) = TraceFileReader.ReadFile(RepoPaths.InShared("formats", "jaeger", "api_traces_response.json"));

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(5);
        spans[0].Ref.Line.ShouldBe(3);
        spans.Count(s => s.Service == "service-y").ShouldBe(3);
    }

    [Fact]
    public void Otlp_example_gives_lower_case_hex_ids_service_name_and_nanosecond_times()
    {
        var (spans, warnings) = TraceFileReader.ReadFile(RepoPaths.InShared("formats", "otlp", "trace.json"));

        warnings.ShouldBeEmpty();
        var s = spans.ShouldHaveSingleItem();
        s.TraceId.ShouldBe("5b8efff798038103d269b633813fc60c");
        s.SpanId.ShouldBe("eee19b7ec3c1b174");
        s.ParentSpanId.ShouldBe("eee19b7ec3c1b173");
        s.Service.ShouldBe("my.service");
        s.Operation.ShouldBe("I'm a server span");
        s.Duration.ShouldBe(TimeSpan.FromSeconds(1));
        s.Attr("span.kind").ShouldBe("server");
        s.IsError.ShouldBeFalse();
    }

    [Fact]
    public void Otlp_error_status_enum_names_base64_ids_and_exception_events_are_understood()
    {
        const string json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"pay"}}]},
             "scopeSpans":[{"spans":[{"traceId":"W47/95gDgQPSabYzgT/GDA==","spanId":"7uGbfsPBsXQ=","name":"charge",
               "kind":"SPAN_KIND_SERVER","startTimeUnixNano":"1000","endTimeUnixNano":"2000","status":{"code":"STATUS_CODE_ERROR"},
               "events":[{"name":"exception","attributes":[{"key":"exception.type","value":{"stringValue":"IOException"}}]}]}]}]}]}
            """;

        var (spans, warnings) = ReadText(json);

        warnings.ShouldBeEmpty();
        spans[0].TraceId.ShouldBe("5b8efff798038103d269b633813fc60c");
        spans[0].SpanId.ShouldBe("eee19b7ec3c1b174");
        spans[0].IsError.ShouldBeTrue();
        spans[0].Attr("exception.type").ShouldBe("IOException");
        spans[0].Attr("span.kind").ShouldBe("server");
    }

    [Fact]
    public void Jaeger_http_5xx_and_otel_status_tags_mark_errors()
    {
        const string json = """
            {"traceID":"a","spans":[
              {"traceID":"a","spanID":"1","operationName":"x","references":[],"startTime":1,"duration":2,"tags":[{"key":"http.status_code","type":"int64","value":503}],"processID":"p1"},
              {"traceID":"a","spanID":"2","operationName":"y","references":[],"startTime":1,"duration":2,"tags":[{"key":"otel.status_code","type":"string","value":"ERROR"}],"processID":"p1"},
              {"traceID":"a","spanID":"3","operationName":"z","references":[],"startTime":1,"duration":2,"tags":[{"key":"http.status_code","type":"int64","value":404}],"processID":"p1"}],
             "processes":{"p1":{"serviceName":"s"}}}
            """;

        var (spans, _) = ReadText(json);

        spans.Select(s => s.IsError).ShouldBe([true, true, false]);
    }

    [Fact]
    public void Truncated_file_keeps_complete_traces_and_warns_with_file_and_line()
    {
        var sim = new TraceSimulator(seed: 1).Run(SimFault.None, "x", requests: 30);
        using var ms = new MemoryStream();
        TraceJsonWriter.WriteJaeger(sim, ms);
        var bytes = ms.ToArray();
        var cut = bytes.AsSpan(0, bytes.Length * 2 / 3).ToArray();

        var (spans, warnings) = TraceFileReader.Read(new MemoryStream(cut), "traces/cut.json");

        spans.Count.ShouldBeGreaterThan(0);
        spans.Count.ShouldBeLessThan(sim.Count);
        var w = warnings.ShouldHaveSingleItem();
        w.Source.ShouldBe("traces/cut.json");
        w.Line.ShouldNotBeNull();
        w.Line!.Value.ShouldBeGreaterThan(1);
        w.Message.ShouldContain("truncated");
    }

    [Theory]
    [InlineData("", "no spans")]
    [InlineData("not json at all", "invalid JSON")]
    [InlineData("{\"resourceLogs\":[]}", "not traces")]
    [InlineData("[1,2]", "expected a trace object")]
    public void Bad_input_is_a_warning_not_an_exception(string text, string message)
    {
        var (spans, warnings) = ReadText(text, "traces/bad.json");

        spans.ShouldBeEmpty();
        warnings.ShouldContain(w => w.Source == "traces/bad.json" && w.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Otlp_json_lines_report_the_line_of_the_bad_record()
    {
        var text = "{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"spans\":[{\"traceId\":\"01\",\"spanId\":\"02\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}]}]}]}\n"
                 + "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"03\"}]}]}]}\n";

        var (spans, warnings) = ReadText(text, "traces/otlp.jsonl");

        spans.Count.ShouldBe(1);
        warnings.ShouldHaveSingleItem().Line.ShouldBe(2);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Simulated_traces_round_trip_through_jaeger_and_otlp_including_traces_larger_than_the_buffer(bool jaeger)
    {
        // 2000 requests into one trace id would be odd; instead the file is big and each trace small, plus one huge trace.
        var sim = new TraceSimulator(seed: 2).Run(SimFault.Error, "payment", requests: 600);
        var huge = Enumerable.Range(0, 3000).Select(i => sim[0] with { TraceId = "ffff", SpanId = i.ToString("x16", System.Globalization.CultureInfo.InvariantCulture), ParentSpanId = null });
        var all = sim.Concat(huge).ToList();
        using var ms = new MemoryStream();
        if (jaeger)
        {
            TraceJsonWriter.WriteJaeger(all, ms);
        }
        else
        {
            TraceJsonWriter.WriteOtlp(all, ms);
        }
        ms.Position = 0;

        var (spans, warnings) = TraceFileReader.Read(ms, "traces/sim.json");

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(all.Count);
        var bySpan = spans.Where(s => s.TraceId != "ffff").ToDictionary(s => s.SpanId);
        foreach (var s in sim.Take(200))
        {
            var r = bySpan[s.SpanId];
            (r.TraceId, r.ParentSpanId, r.Service, r.Operation, r.IsError).ShouldBe((s.TraceId, s.ParentSpanId, s.Service, s.Operation, s.IsError));
            (r.Start - s.Start).Duration().ShouldBeLessThan(TimeSpan.FromMicroseconds(1));
            (r.Duration - s.Duration).Duration().ShouldBeLessThan(TimeSpan.FromMicroseconds(1));
            r.Attr("span.kind").ShouldBe(s.Attr("span.kind"));
        }
    }
}
