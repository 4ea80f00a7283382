using System.Text;
using System.Text.Json.Nodes;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public class JsonTreeTests
{
    private static string List(int items, Func<int, string> item) =>
        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n" + string.Join(",\n", Enumerable.Range(0, items).Select(item)) + "\n]}\n";

    private static string Pod(int i) =>
        $"{{\"kind\":\"Pod\",\"metadata\":{{\"name\":\"p{i}\",\"managedFields\":[{{\"manager\":\"kubelet\",\"fieldsV1\":{{\"f:status\":{{}}}}}}]}},\"spec\":{{\"containers\":[{{\"name\":\"app\",\"image\":\"img:{i % 3}\"}}]}},\"status\":{{\"phase\":\"Running\",\"restartCount\":{i},\"ready\":true,\"ratio\":0.5,\"note\":\"{new string('x', i % 40)}\"}}}}";

    [Fact]
    public void List_items_get_their_own_line_and_managed_fields_are_dropped()
    {
        var doc = JsonTree.Parse(Encoding.UTF8.GetBytes(List(3, Pod)));

        doc.Errors.ShouldBeEmpty();
        var items = doc.Items().Single().Node!["items"]!.AsArray();
        items.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            doc.LineOf(items[i], -1).ShouldBe(i + 2);
            items[i]!["metadata"]!.AsObject().ContainsKey("managedFields").ShouldBeFalse();
            items[i]!["metadata"]!["name"]!.GetValue<string>().ShouldBe($"p{i}");
        }
    }

    [Fact]
    public void A_large_list_built_in_parallel_equals_the_same_list_built_item_by_item()
    {
        // Over the 1 MB threshold, the items are built in parallel chunks; each alone is parsed sequentially.
        var text = List(4000, Pod);
        Encoding.UTF8.GetByteCount(text).ShouldBeGreaterThan(1 << 20);

        var doc = JsonTree.Parse(Encoding.UTF8.GetBytes(text));

        doc.Errors.ShouldBeEmpty();
        var items = doc.Documents.Single().Node!["items"]!.AsArray();
        items.Count.ShouldBe(4000);
        foreach (var i in new[] { 0, 1, 1999, 2000, 3999 })
        {
            var alone = JsonTree.Parse(Pod(i)).Documents.Single().Node!;
            JsonNode.DeepEquals(items[i], alone).ShouldBeTrue();
            doc.LineOf(items[i], -1).ShouldBe(i + 2);
            items[i]!.Parent.ShouldBeSameAs(items);
        }
        items[3999]!["status"]!["restartCount"]!.GetValue<long>().ShouldBe(3999);
    }

    [Fact]
    public void Truncated_large_list_is_an_error_with_a_line_and_no_half_document()
    {
        var text = List(4000, Pod);
        var cut = text[..(text.Length * 2 / 3)];

        var doc = JsonTree.Parse(Encoding.UTF8.GetBytes(cut));

        doc.Documents.ShouldBeEmpty();
        doc.Error.ShouldNotBeNull();
        doc.Error!.Message.ShouldStartWith("malformed JSON");
        doc.Error.Line.ShouldNotBeNull();
    }

    [Fact]
    public void Invalid_utf8_inside_one_item_of_a_large_list_costs_only_those_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(List(4000, Pod));
        var target = Encoding.UTF8.GetBytes("\"p3000\"");
        var at = bytes.AsSpan().IndexOf(target);
        bytes[at + 1] = 0xFF;

        var doc = JsonTree.Parse(bytes);

        // Issue 16: a bad value costs that value, not the file (the bundle reader warns about invalid UTF-8 with its line).
        doc.Errors.ShouldBeEmpty();
        doc.Documents.Single().Node!["items"]!.AsArray().Count.ShouldBe(4000);
        doc.Documents.Single().Node!["items"]![3000]!["metadata"]!["name"]!.GetValue<string>().ShouldBe("\uFFFD3000");
    }

    [Fact]
    public void Syntax_error_keeps_earlier_documents_and_names_the_line()
    {
        var doc = JsonTree.Parse(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":[1,2}\n"));

        doc.Documents.Count.ShouldBe(1);
        doc.Error!.Line.ShouldBe(2);
        doc.Error.DocumentsBefore.ShouldBe(1);
    }

    [Fact]
    public void Repeated_keys_and_short_values_share_one_string_and_huge_numbers_stay_text()
    {
        var doc = JsonTree.Parse("[{\"status\":\"Running\"},{\"status\":\"Running\"},{\"n\":1e400}]");

        var arr = doc.Documents.Single().Node!.AsArray();
        var a = arr[0]!.AsObject().Single();
        var b = arr[1]!.AsObject().Single();
        ReferenceEquals(a.Key, b.Key).ShouldBeTrue();
        ReferenceEquals(a.Value!.GetValue<string>(), b.Value!.GetValue<string>()).ShouldBeTrue();
        arr[2]!["n"]!.GetValue<string>().ShouldBe("1e400");
    }

    [Fact]
    public void Yaml_resumes_after_a_broken_document()
    {
        var doc = YamlTree.Parse("kind: A\n---\nkind: [broken\n---\nkind: C\nx: 1\n");

        doc.Documents.Select(d => d.Node!["kind"]!.GetValue<string>()).ShouldBe(["A", "C"]);
        doc.Documents[1].Line.ShouldBe(5);
        doc.Errors.ShouldHaveSingleItem().Message.ShouldStartWith("malformed YAML");
    }
}
