using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Firefighter.Prevention.Rules;

namespace Firefighter.Prevention.Backtests;

/// <summary>Reads the alerts promtool reports as "got" in a failed <c>promtool test rules</c> run (the rendered labels and annotations).</summary>
public static partial class PromtoolOutput
{
    /// <summary>Per (alert name, eval seconds), the alerts promtool got; checks that passed do not appear.</summary>
    public static Dictionary<(string Alert, long EvalSeconds), List<ExpectedAlert>> ParseGot(string output)
    {
        var result = new Dictionary<(string, long), List<ExpectedAlert>>();
        (string, long)? current = null;
        var inGot = false;
        Dictionary<string, string>? pendingLabels = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var head = HeadRegex().Match(line);
            if (head.Success)
            {
                var t = PromDuration.TryParse(head.Groups[2].Value) ?? TimeSpan.Zero;
                current = (head.Groups[1].Value, (long)t.TotalSeconds);
                result[current.Value] = [];
                inGot = false;
                continue;
            }
            if (line.StartsWith("exp:", StringComparison.Ordinal))
            {
                inGot = false;
            }
            else if (line.StartsWith("got:", StringComparison.Ordinal))
            {
                inGot = true;
            }
            else if (inGot && current is { } c && line.StartsWith("Labels:", StringComparison.Ordinal))
            {
                pendingLabels = ParseLabels(line["Labels:".Length..]);
                pendingLabels.Remove("alertname");
                result[c].Add(new ExpectedAlert(pendingLabels, new Dictionary<string, string>()));
            }
            else if (inGot && current is { } c2 && pendingLabels is not null && line.StartsWith("Annotations:", StringComparison.Ordinal))
            {
                var list = result[c2];
                list[^1] = list[^1] with { Annotations = ParseLabels(line["Annotations:".Length..]) };
                pendingLabels = null;
            }
        }
        return result;
    }

    /// <summary>Parses Go's label-set form <c>{a="x", b="y \"q\""}</c> into a dictionary.</summary>
    public static Dictionary<string, string> ParseLabels(string text)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var s = text.Trim();
        var i = s.IndexOf('{', StringComparison.Ordinal) + 1;
        while (i > 0 && i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ','))
            {
                i++;
            }
            var eq = s.IndexOf('=', i);
            if (eq < 0 || eq + 1 >= s.Length || s[eq + 1] != '"')
            {
                break;
            }
            var name = s[i..eq];
            var sb = new StringBuilder();
            var j = eq + 2;
            for (; j < s.Length && s[j] != '"'; j++)
            {
                if (s[j] != '\\' || j + 1 >= s.Length)
                {
                    sb.Append(s[j]);
                    continue;
                }
                j++;
                switch (s[j])
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case 'x' when j + 2 < s.Length:
                        sb.Append((char)int.Parse(s.AsSpan(j + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        j += 2;
                        break;
                    case 'u' when j + 4 < s.Length:
                        sb.Append((char)int.Parse(s.AsSpan(j + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        j += 4;
                        break;
                    default: sb.Append(s[j]); break;
                }
            }
            map[name] = sb.ToString();
            i = j + 1;
        }
        return map;
    }

    [GeneratedRegex(@"^alertname: (\S+), time: ([0-9a-z]+),")]
    private static partial Regex HeadRegex();
}
