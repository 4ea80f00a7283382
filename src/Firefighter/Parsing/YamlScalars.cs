using System.Globalization;
using System.Text.Json.Nodes;

namespace Firefighter.Parsing;

/// <summary>Resolves a YAML scalar to a JSON value by the YAML 1.2 core schema (null, booleans, integers, floats; everything else a string).</summary>
public static class YamlScalars
{
    /// <summary>The JSON value of a scalar; quoted scalars and <c>!!str</c> stay strings.</summary>
    /// <param name="value">The scalar's text.</param>
    /// <param name="plain">Whether it was written plain (unquoted, not a block scalar).</param>
    /// <param name="tag">Its explicit tag, or empty.</param>
    public static JsonNode? Resolve(string value, bool plain, string tag = "")
    {
        var v = value;
        if (tag is "tag:yaml.org,2002:str" || !plain)
        {
            return JsonValue.Create(v);
        }
        switch (v)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (LooksNumeric(v))
        {
            if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                return JsonValue.Create(d);
            }
        }
        return JsonValue.Create(v);
    }

    private static bool LooksNumeric(string v)
    {
        // YAML 1.2 core: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?; anything else (1.2.3, 0x1F, 1e) stays a string.
        var i = 0;
        if (i < v.Length && (v[i] == '-' || v[i] == '+'))
        {
            i++;
        }
        var digits = 0;
        while (i < v.Length && char.IsAsciiDigit(v[i])) { i++; digits++; }
        if (i < v.Length && v[i] == '.')
        {
            i++;
            while (i < v.Length && char.IsAsciiDigit(v[i])) { i++; digits++; }
        }
        if (digits == 0)
        {
            return false;
        }
        if (i < v.Length && (v[i] == 'e' || v[i] == 'E'))
        {
            i++;
            if (i < v.Length && (v[i] == '-' || v[i] == '+'))
            {
                i++;
            }
            var exp = 0;
            while (i < v.Length && char.IsAsciiDigit(v[i])) { i++; exp++; }
            if (exp == 0)
            {
                return false;
            }
        }
        return i == v.Length;
    }
}
