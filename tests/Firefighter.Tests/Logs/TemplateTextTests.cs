using Firefighter.Logs;

namespace Firefighter.Tests.Logs;

public class TemplateTextTests
{
    [Theory]
    [InlineData("PacketResponder 1 for block blk_38865 terminating", "PacketResponder <*> for block blk_38865 terminating")]
    [InlineData("10.251.73.220:50010  is  added", "<*>:<*> is added")]
    [InlineData("Deleting block <*> file /mnt/hadoop/dfs/data", "Deleting block <*> file <*>")]
    [InlineData("flag true and user root", "flag <*> and user <*>")]
    [InlineData("blk_<*> size <*>.<*>", "<*> size <*>")]
    [InlineData("ratio <*><*>", "ratio <*>")]
    [InlineData("value <*>/<*>", "value <*>/<*>")]
    public void Normalize_AppliesLoghubRules(string input, string expected) =>
        TemplateText.Normalize(input).ShouldBe(expected);

    [Theory]
    [InlineData("10.251.73.220:50010", "<*>:<*>", true)]
    [InlineData("blk_-6952295868487656571", "blk_-<*>", true)]
    [InlineData("terminating", "terminating", false)]
    [InlineData("/var/log/messages", "<*>", true)]
    [InlineData("hdfs://10.10.34.11:9000/pjhe/x", "hdfs://<*>", true)]
    [InlineData("(uid=0)", "(uid=<*>)", true)]
    public void MaskToken_MasksVariablesKeepsWords(string token, string key, bool masked)
    {
        Span<char> buf = stackalloc char[128];
        var n = TemplateText.MaskToken(token, buf, out var m);
        buf[..n].ToString().ShouldBe(key);
        m.ShouldBe(masked);
    }
}
