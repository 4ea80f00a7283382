using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Firefighter.Reports;

/// <summary>Writes a chart point (<c>double[]</c>) on one line as <c>[unixSeconds, value]</c>, with non-finite values as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.</summary>
public sealed class ChartPointJsonConverter : JsonConverter<double[]>
{
    /// <inheritdoc />
    public override double[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A chart point must be an array [unixSeconds, value]");
        }
        var values = new List<double>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetDouble(),
                JsonTokenType.Null => double.NaN,
                JsonTokenType.String => reader.GetString() switch
                {
                    "Infinity" or "+Inf" => double.PositiveInfinity,
                    "-Infinity" or "-Inf" => double.NegativeInfinity,
                    var s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                    _ => double.NaN,
                },
                _ => throw new JsonException("A chart point holds numbers"),
            });
        }
        return [.. values];
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < value.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            var v = value[i];
            sb.Append(double.IsNaN(v) ? "\"NaN\"" : double.IsPositiveInfinity(v) ? "\"Infinity\"" : double.IsNegativeInfinity(v) ? "\"-Infinity\"" : v.ToString("R", CultureInfo.InvariantCulture));
        }
        writer.WriteRawValue(sb.Append(']').ToString(), skipInputValidation: true);
    }
}
