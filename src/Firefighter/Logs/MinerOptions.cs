using System.Text.RegularExpressions;

namespace Firefighter.Logs;

/// <summary>User corrections for the rare log the default masking gets wrong: extra masks and pinned tokens.</summary>
public sealed record MinerOptions
{
    /// <summary>Named patterns whose matches become one variable (<c>&lt;*&gt;</c>) before tokenising, e.g. a date with spaces.</summary>
    public IReadOnlyList<(string Name, Regex Pattern)> Masks { get; init; } = [];

    /// <summary>Tokens kept as constant words even though they contain digits or look like paths (<c>ssh2</c>, <c>HTTP/1.1</c>).</summary>
    public IReadOnlySet<string> Keep { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Thresholds and rules (the shipped defaults unless a bench is comparing them).</summary>
    public MinerTuning Tuning { get; init; } = MinerTuning.Default;

    /// <summary>Parses <c>NAME=REGEX</c>; null with an error when the pattern is not a valid regex.</summary>
    public static (string Name, Regex Pattern)? ParseMask(string text, out string? error)
    {
        error = null;
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            error = $"--mask {text}: expected NAME=REGEX";
            return null;
        }
        try
        {
            var regex = new Regex(text[(eq + 1)..], RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
            if (regex.IsMatch(""))
            {
                // A mask that matches nothing-at-all would match at every position of every line: almost certainly a mistake (a* for a+).
                error = $"--mask {text}: the pattern matches the empty string; make it match at least one character (e.g. + instead of *)";
                return null;
            }
            return (text[..eq], regex);
        }
        catch (RegexMatchTimeoutException)
        {
            error = $"--mask {text}: the pattern takes too long even on an empty line";
            return null;
        }
        catch (ArgumentException e)
        {
            error = $"--mask {text}: {e.Message}";
            return null;
        }
    }
}
