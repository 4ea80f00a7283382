using System.Text;
using Firefighter.Evidence;
using Firefighter.Sources.Traces;

namespace Firefighter.Sources.Tests.Traces;

/// <summary>The compact, streaming read path: shared strings and attribute maps, dropped tags, token-by-token OTLP and odd field orders.</summary>
public class TraceReadCompactionTests
{
    private static (IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings) ReadText(string json, string name = "traces/x.json")
        => TraceFileReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), name);

    private const string JaegerTwoSpans = """
        {"data":[{"traceID":"AB12","spans":[
          {"traceID":"ab12","spanID":"01","operationName":"GET /a","references":[],"startTime":10,"duration":5,"processID":"p1",
           "tags":[{"key":"span.kind","type":"string","value":"server"},{"key":"http.route","type":"string","value":"/a/{id}"},{"key":"user.id","value":"u-1"}]},
          {"traceID":"ab12","spanID":"02","operationName":"GET /a","references":[{"refType":"CHILD_OF","traceID":"ab12","spanID":"01"}],"startTime":11,"duration":2,"processID":"p1",
           "tags":[{"key":"user.id","value":"u-2"},{"key":"span.kind","type":"string","value":"server"}]}],
          "processes":{"p1":{"serviceName":"shop"}}}]}
        """;

    [Fact]
    public void Spans_with_the_same_kept_tags_share_one_attribute_map_and_unused_tags_are_dropped()
    {
        var (spans, warnings) = ReadText(JaegerTwoSpans);

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(2);
        spans[0].Attributes.ShouldBeSameAs(spans[1].Attributes);
        spans[0].Attributes.Keys.ShouldBe(["span.kind"]);
        spans[0].Attr("http.route").ShouldBeNull();
        spans[0].Attr("user.id").ShouldBeNull();
    }

    [Fact]
    public void Ids_are_pooled_so_a_parent_id_is_the_parent_span_id_string_and_a_trace_id_is_one_string()
    {
        var (spans, _) = ReadText(JaegerTwoSpans);

        spans[0].TraceId.ShouldBe("ab12");
        spans[1].TraceId.ShouldBeSameAs(spans[0].TraceId);
        spans[1].ParentSpanId.ShouldBeSameAs(spans[0].SpanId);
        spans[0].Service.ShouldBe("shop");
    }

    [Fact]
    public void Jaeger_fields_in_any_order_processes_first_value_before_key_and_numbers_as_strings_are_read()
    {
        var json = """
            {"processes":{"p1":{"serviceName":"pay"}},"spans":[
              {"tags":[{"value":true,"key":"error"},{"value":"payments","key":"peer.service"}],"duration":"7","startTime":"3","processID":"p1","spanID":"0A","operationName":"charge"}],
             "traceID":"FF"}
            """;

        var (spans, warnings) = ReadText(json);

        warnings.ShouldBeEmpty();
        var s = spans.ShouldHaveSingleItem();
        s.TraceId.ShouldBe("ff");
        s.SpanId.ShouldBe("0a");
        s.Service.ShouldBe("pay");
        s.IsError.ShouldBeTrue();
        s.Attr("peer.service").ShouldBe("payments");
        s.Duration.ShouldBe(TimeSpan.FromTicks(70));
    }

    [Fact]
    public void Otlp_resource_after_its_spans_still_names_the_service_and_each_span_cites_its_own_line()
    {
        var json = """
            {"resourceSpans":[{"scopeSpans":[{"scope":{"name":"x"},"spans":[
            {"traceId":"0102","spanId":"0a","name":"a","kind":2,"startTimeUnixNano":"100","endTimeUnixNano":"300"},
            {"traceId":"0102","spanId":"0b","parentSpanId":"0a","name":"b","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":"150","endTimeUnixNano":"250",
             "attributes":[{"key":"peer.service","value":{"stringValue":"db"}},{"key":"http.url","value":{"stringValue":"http://x/1"}}],"status":{"code":"STATUS_CODE_ERROR"}}
            ]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}}]}
            """;

        var (spans, warnings) = ReadText(json, "traces/o.json");

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(2);
        spans.ShouldAllBe(s => s.Service == "late");
        spans[0].Ref.Line.ShouldBe(2);
        spans[1].Ref.Line.ShouldBe(3);
        spans[1].ParentSpanId.ShouldBeSameAs(spans[0].SpanId);
        spans[1].Attr("span.kind").ShouldBe("client");
        spans[1].Attr("peer.service").ShouldBe("db");
        spans[1].Attr("http.url").ShouldBeNull();
        spans[1].IsError.ShouldBeTrue();
    }

    [Fact]
    public void Truncated_otlp_keeps_the_spans_before_the_cut_and_warns_with_the_line()
    {
        var json = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[
            {"traceId":"01","spanId":"0a","name":"a","startTimeUnixNano":"1","endTimeUnixNano":"2"},
            {"traceId":"01","spanId":"0b","name":"b","startTimeUnixNano":"1","end
            """;

        var (spans, warnings) = ReadText(json, "traces/cut.json");

        spans.ShouldHaveSingleItem().Service.ShouldBe("svc");
        var w = warnings.ShouldHaveSingleItem();
        w.Source.ShouldBe("traces/cut.json");
        w.Line.ShouldBe(3);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":{"x":1},"spanId":"0a","startTimeUnixNano":"1","endTimeUnixNano":"2"},7,[1]]}]}]}""", "3 OTLP span(s)")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"01","spanId":"0a","startTimeUnixNano":"x","endTimeUnixNano":"2"}]}]}]}""", "1 OTLP span(s)")]
    [InlineData("""{"resourceSpans":[5,{"scopeSpans":7}]}""", "expected a resourceSpans object")]
    [InlineData("""{"data":[{"traceID":"01","spans":[{"spanID":["x"],"startTime":{},"duration":null,"tags":7,"references":"no","logs":[1]}]}]}""", "1 span(s)")]
    public void Wrongly_typed_fields_are_skipped_with_a_warning_not_an_exception(string json, string message)
    {
        var (spans, warnings) = ReadText(json);

        spans.ShouldBeEmpty();
        warnings.ShouldContain(w => w.Message.Contains(message) && w.Source == "traces/x.json" && w.Line == 1);
    }

    [Fact]
    public void A_resourceSpans_element_far_larger_than_the_read_buffer_is_streamed_span_by_span()
    {
        var sb = new StringBuilder("""{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"big"}}]},"scopeSpans":[{"spans":[""");
        for (var i = 0; i < 60_000; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append("\n{\"traceId\":\"0").Append(i % 97).Append("\",\"spanId\":\"").Append(i.ToString("x", System.Globalization.CultureInfo.InvariantCulture))
              .Append("\",\"name\":\"op\",\"kind\":2,\"startTimeUnixNano\":\"1000\",\"endTimeUnixNano\":\"2000\",\"attributes\":[{\"key\":\"noise\",\"value\":{\"stringValue\":\"")
              .Append('x', 40).Append("\"}}]}");
        }
        sb.Append("]}]}]}");

        var (spans, warnings) = ReadText(sb.ToString());

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(60_000);
        spans.Select(s => s.TraceId).Distinct().Count().ShouldBe(97);
        spans.ShouldAllBe(s => s.Service == "big" && s.Attr("span.kind") == "server" && s.Attr("noise") == null);
    }
}
