using System.Text;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads <c>git log</c> output (default, medium or fuller format) under changes/ into changes of kind <c>commit</c>, targeting the repository named by the file stem.</summary>
public sealed partial class GitLogReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "changes";

    /// <inheritdoc />
    public int Priority => 10; // sniffs a commit line

    /// <inheritdoc />
    public bool CanRead(BundleFile file) =>
        file.Folder == "changes" && !StructuredFile.IsStructured(file) && !file.LooksBinary && CommitLine().IsMatch(file.FirstLine);

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var count = 0;
        string? hash = null;
        string? author = null;
        string? date = null;
        var line0 = 0;
        var message = new StringBuilder();
        void Flush()
        {
            if (hash is null)
            {
                return;
            }
            var text = message.ToString().Trim();
            if (date is null || !Timestamps.TryParse(date, out var time, out _))
            {
                context.Drop(file.Path, line0, 1, $"commit {hash[..Math.Min(12, hash.Length)]} has no readable Date; skipped");
            }
            else
            {
                var subject = text.Split('\n')[0].Trim();
                context.Evidence.Changes.Add(new ChangeEvent(time, "commit", new EntityRef("Repository", null, file.Stem), hash, null, author, text,
                    new EvidenceRef(file.Path, line0, null, subject.Length > 200 ? subject[..200] : subject)));
                count++;
            }
            hash = null;
            author = null;
            date = null;
            message.Clear();
        }
        foreach (var (line, text) in TextLines.Read(file, context))
        {
            var m = CommitLine().Match(text);
            if (m.Success)
            {
                Flush();
                hash = m.Groups[1].Value;
                line0 = line;
                continue;
            }
            if (hash is null)
            {
                continue;
            }
            if (message.Length == 0 && text.StartsWith("Author:", StringComparison.Ordinal))
            {
                author = text["Author:".Length..].Trim();
            }
            else if (message.Length == 0 && (text.StartsWith("Date:", StringComparison.Ordinal) || text.StartsWith("AuthorDate:", StringComparison.Ordinal)))
            {
                date = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }
            else if (text.StartsWith("    ", StringComparison.Ordinal))
            {
                message.Append(text.AsSpan(4)).Append('\n');
            }
            else if (text.Length == 0 && message.Length > 0)
            {
                message.Append('\n');
            }
        }
        Flush();
        return count;
    }

    [GeneratedRegex(@"^commit ([0-9a-f]{7,64})\b")]
    private static partial Regex CommitLine();
}
