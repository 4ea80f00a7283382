using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Reports;
using Firefighter.Reports.Rendering;
using Firefighter.Testing;

namespace Firefighter.Tests.Reports;

public class ReportJsonTests
{
    [Fact]
    public void Serialize_writes_the_required_top_level_fields()
    {
        using var doc = JsonDocument.Parse(ReportJson.Serialize(ReportFixtures.OomAfterDeploy()));
        var root = doc.RootElement;
        root.GetProperty("status").GetString().ShouldBe("root_cause");
        root.GetProperty("onset").GetString().ShouldBe("2024-01-15T14:02:30Z");
        root.GetProperty("severity").GetProperty("level").GetString().ShouldBe("P1");
        foreach (var array in new[] { "hypotheses", "findings", "timeline", "warnings", "charts", "impact" })
        {
            root.GetProperty(array).ValueKind.ShouldBe(JsonValueKind.Array, array);
        }
        root.GetProperty("warnings").GetArrayLength().ShouldBe(2);
        root.TryGetProperty("end", out _).ShouldBeFalse("nulls are omitted");
    }

    [Fact]
    public void Hypotheses_carry_rank_title_cause_confidence_entity_evidence_and_mitigation()
    {
        using var doc = JsonDocument.Parse(ReportJson.Serialize(ReportFixtures.OomAfterDeploy()));
        var h = doc.RootElement.GetProperty("hypotheses")[0];
        h.GetProperty("rank").GetInt32().ShouldBe(1);
        h.GetProperty("title").GetString().ShouldBe("api-deployment OOMKilled after the v2.3.1 deploy");
        h.GetProperty("cause").GetString()!.ShouldStartWith("Memory growth");
        h.GetProperty("confidence").GetDouble().ShouldBe(0.86);
        var entity = h.GetProperty("entity");
        entity.GetProperty("kind").GetString().ShouldBe("Deployment");
        entity.GetProperty("namespace").GetString().ShouldBe("production");
        entity.GetProperty("name").GetString().ShouldBe("api-deployment");
        h.GetProperty("evidence").GetArrayLength().ShouldBe(4);
        h.GetProperty("mitigation")[0].GetProperty("command").GetString().ShouldBe("kubectl rollout undo deployment/api-deployment -n production");
        doc.RootElement.GetProperty("hypotheses")[2].GetProperty("entity").TryGetProperty("namespace", out _).ShouldBeFalse();
    }

    [Fact]
    public void Evidence_refs_are_objects_with_a_compact_ref()
    {
        using var doc = JsonDocument.Parse(ReportJson.Serialize(ReportFixtures.OomAfterDeploy()));
        var heap = doc.RootElement.GetProperty("hypotheses")[0].GetProperty("evidence")[2].GetProperty("refs")[0];
        heap.GetProperty("source").GetString().ShouldBe(ReportFixtures.HeapLog.Source);
        heap.GetProperty("line").GetInt32().ShouldBe(1842);
        heap.GetProperty("excerpt").GetString().ShouldBe(ReportFixtures.HeapLog.Excerpt);
        heap.GetProperty("ref").GetString().ShouldBe(ReportFixtures.HeapLog.Source + ":1842");
        heap.TryGetProperty("field", out _).ShouldBeFalse();
    }

    [Fact]
    public void Times_are_utc_iso8601_even_from_another_offset()
    {
        var report = ReportFixtures.OomAfterDeploy() with { End = new DateTimeOffset(2024, 1, 15, 16, 40, 0, TimeSpan.FromHours(2)) };
        using var doc = JsonDocument.Parse(ReportJson.Serialize(report));
        doc.RootElement.GetProperty("end").GetString().ShouldBe("2024-01-15T14:40:00Z");
        doc.RootElement.GetProperty("timeline")[0].GetProperty("time").GetString().ShouldBe("2024-01-15T13:58:00Z");
    }

    [Fact]
    public void Serialize_then_deserialize_round_trips()
    {
        var json = ReportJson.Serialize(ReportFixtures.OomAfterDeploy());
        ReportJson.TryDeserialize(json, out var back, out var error).ShouldBeTrue(error);
        ReportJson.Serialize(back!).ShouldBe(json);
        back!.Hypotheses[0].Entity.ShouldBe(new EntityRef("Deployment", "production", "api-deployment"));
        back.Hypotheses[0].Evidence[2].Refs[0].ShouldBe(ReportFixtures.HeapLog);
        back.Hypotheses[0].Alerts[0].Backtest.ShouldNotBeNull();
        back.Findings[1].Attr("after").ShouldBe("2042Mi");
        back.Onset.ShouldBe(ReportFixtures.At("14:02:30"));
        double.IsNaN(back.Charts[1].Points[40][1]).ShouldBeTrue();
    }

    [Fact]
    public void TryDeserialize_reports_the_line_of_bad_input_without_throwing()
    {
        ReportJson.TryDeserialize("{\n  \"status\": \"healthy\",\n  \"title\": 42\n}", out var report, out var error).ShouldBeFalse();
        report.ShouldBeNull();
        error.ShouldNotBeNull();
        error.ShouldStartWith("line 3");
    }

    [Fact]
    public void TryDeserialize_rejects_a_report_missing_required_fields()
    {
        ReportJson.TryDeserialize("{\"status\": \"healthy\"}", out _, out var error).ShouldBeFalse();
        error!.ShouldContain("title");
    }

    [Fact]
    public void Registry_finds_the_json_renderer_and_it_writes_the_same_document()
    {
        var sw = new StringWriter();
        ReportRenderers.BuiltIn.Find("json")!.Render(ReportFixtures.Healthy(), sw);
        sw.ToString().ShouldBe(ReportJson.Serialize(ReportFixtures.Healthy()) + "\n");
        ReportRenderers.BuiltIn.Formats.ShouldBe(["html", "json", "md"], ignoreOrder: true);
    }

    [Fact]
    public void Chart_points_are_written_one_per_line_with_nan_as_a_string()
    {
        var json = ReportJson.Serialize(ReportFixtures.OomAfterDeploy());
        json.ShouldContain("[1705327800, \"NaN\"]");
        json.ShouldContain("[1705326600, 0.002]");
        using var doc = JsonDocument.Parse(json);
        doc.RootElement.GetProperty("charts")[0].GetProperty("points").GetArrayLength().ShouldBe(91);
    }
}
