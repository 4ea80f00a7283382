using System.Text;

namespace Firefighter.SampleGen.Common;

/// <summary>Go's text/tabwriter alignment (no flags): a column block is a run of consecutive lines that have that tab-terminated cell.</summary>
public static class GoTabWriter
{
    /// <summary>Aligns tab-separated cells the way Go's tabwriter does with the given minwidth and padding (pad char ' ').</summary>
    public static string Format(string text, int minWidth, int padding)
    {
        var rawLines = text.Split('\n');
        var cells = rawLines.Select(l => l.Split('\t')).ToArray();
        var widths = new int[cells.Length][];
        for (var i = 0; i < cells.Length; i++)
        {
            widths[i] = new int[Math.Max(0, cells[i].Length - 1)];
        }
        var maxCols = cells.Length == 0 ? 0 : cells.Max(c => c.Length - 1);
        for (var col = 0; col < maxCols; col++)
        {
            var i = 0;
            while (i < cells.Length)
            {
                if (cells[i].Length - 1 <= col)
                {
                    i++;
                    continue;
                }
                var start = i;
                var width = minWidth;
                while (i < cells.Length && cells[i].Length - 1 > col)
                {
                    width = Math.Max(width, cells[i][col].Length + padding);
                    i++;
                }
                for (var k = start; k < i; k++)
                {
                    widths[k][col] = width;
                }
            }
        }
        var sb = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            for (var col = 0; col < cells[i].Length - 1; col++)
            {
                sb.Append(cells[i][col].PadRight(widths[i][col]));
            }
            sb.Append(cells[i][^1]);
            if (i < cells.Length - 1)
            {
                sb.Append('\n');
            }
        }
        return sb.ToString();
    }
}
