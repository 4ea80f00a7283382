using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Recognises <c>kubectl rollout history</c> output under changes/; it carries no times, so its revisions are reported, not read as changes.</summary>
public sealed class RolloutHistoryReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "changes";

    /// <inheritdoc />
    public int Priority => 10; // sniffs the rollout history header

    /// <inheritdoc />
    public bool CanRead(BundleFile file)
    {
        if (file.Folder != "changes" || StructuredFile.IsStructured(file) || file.LooksBinary)
        {
            return false;
        }
        foreach (var line in file.HeadText.Split('\n').Take(3))
        {
            if (line.TrimStart().StartsWith("REVISION", StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        string? target = null;
        var headerLine = 0;
        var revisions = new List<string>();
        foreach (var (line, text) in TextLines.Read(file, context))
        {
            var t = text.Trim();
            if (t.Length == 0)
            {
                continue;
            }
            if (t.StartsWith("REVISION", StringComparison.Ordinal))
            {
                headerLine = line;
                continue;
            }
            if (headerLine == 0)
            {
                target ??= t;
                continue;
            }
            var sp = t.IndexOf(' ', StringComparison.Ordinal);
            revisions.Add(sp > 0 ? t[..sp] : t);
        }
        var what = target is null ? "" : $" of {target}";
        context.Warn(file.Path, headerLine == 0 ? null : headerLine,
            $"kubectl rollout history{what} has no times: {revisions.Count} revision(s) ({string.Join(", ", revisions)}) not read as changes; add ReplicaSets (k8s/) or a changes file with times");
        return 0;
    }
}
