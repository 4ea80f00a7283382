using System.Text.RegularExpressions;

namespace Firefighter.Sources.Collect;

/// <summary>Blanks secret-looking values in collected log lines (<c>password=...</c>, <c>Authorization: Bearer ...</c>, AWS keys, private key blocks) so a bundle can be shared.</summary>
/// <remarks>O(line length) per line (the patterns are linear, with a timeout); the key and the shape of the line stay, only the value goes.</remarks>
public static partial class LogRedaction
{
    /// <summary>What replaces a value.</summary>
    public const string Mask = "[REDACTED]";

    /// <summary>The line with secrets masked and how many were.</summary>
    public static (string Line, int Count) Scrub(string line)
    {
        var count = 0;
        try
        {
            var result = KeyValue().Replace(line, m => { count++; return m.Groups[1].Value + Mask; });
            result = Bearer().Replace(result, m => { count++; return m.Groups[1].Value + Mask; });
            result = AwsKey().Replace(result, _ => { count++; return Mask; });
            result = UrlPassword().Replace(result, m => { count++; return m.Groups[1].Value + Mask + "@"; });
            return (result, count);
        }
        catch (RegexMatchTimeoutException)
        {
            // A line too odd to scan in time is dropped rather than risk keeping a secret.
            return (Mask + " (line not scanned in time)", 1);
        }
    }

    [GeneratedRegex(@"((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|private[_-]?key)[""']?\s*[=:]\s*[""']?)[^\s""',;&]{3,}", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex KeyValue();

    [GeneratedRegex(@"((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AwsKey();

    [GeneratedRegex(@"(://[^:/@\s]+:)[^@\s/]+@", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex UrlPassword();
}
