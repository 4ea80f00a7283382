using Firefighter.Sources.Bundles;
using Firefighter.Parsing;

namespace Firefighter.Sources.Parsing;

/// <summary>Loads a JSON or YAML bundle file into a <see cref="StructuredDocument"/>, reporting a parse error as a warning with its line.</summary>
internal static class StructuredFile
{
    /// <summary>Whether the extension is one of .json, .yaml, .yml, .jsonl, .ndjson.</summary>
    public static bool IsStructured(BundleFile file) => file.Extension is ".json" or ".yaml" or ".yml" or ".jsonl" or ".ndjson";

    /// <summary>Parses the file by its extension (YAML for .yaml/.yml, JSON otherwise); null when it could not be read at all.</summary>
    public static StructuredDocument? Load(BundleFile file, ReadContext context)
    {
        StructuredDocument doc;
        // YAML needs text; JSON is parsed straight from the file's bytes.
        if (file.Extension is ".yaml" or ".yml")
        {
            var text = TextLines.ReadAll(file, context);
            if (text is null)
            {
                return null;
            }
            doc = YamlTree.Parse(text);
        }
        else
        {
            var bytes = TextLines.ReadAllBytes(file, context);
            if (bytes is null)
            {
                return null;
            }
            if (!System.Text.Unicode.Utf8.IsValid(bytes))
            {
                context.Warn(file.Path, TextLines.FirstInvalidLine(bytes), "invalid UTF-8: bad bytes replaced with U+FFFD");
            }
            doc = JsonTree.Parse(bytes);
        }
        foreach (var error in doc.Errors)
        {
            var kept = error.DocumentsBefore == 0 ? "nothing read before it" : $"{error.DocumentsBefore} document(s) before it read";
            context.Warn(file.Path, error.Line, $"{error.Message} ({kept})");
        }
        return doc;
    }
}
