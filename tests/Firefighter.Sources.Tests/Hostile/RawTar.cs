using System.Globalization;
using System.Text;

namespace Firefighter.Sources.Tests.Hostile;

/// <summary>Writes tar blocks byte by byte, for headers no well-behaved writer produces (a PAX mtime out of range).</summary>
internal static class RawTar
{
    public static byte[] File(string name, string content) => Entry(name, (byte)'0', Encoding.UTF8.GetBytes(content));

    public static byte[] Pax(string key, string value)
    {
        var body = $" {key}={value}\n";
        var length = body.Length + 2;
        while ((length.ToString(CultureInfo.InvariantCulture) + body).Length != length)
        {
            length++;
        }
        return Entry("PaxHeaders/x", (byte)'x', Encoding.UTF8.GetBytes(length.ToString(CultureInfo.InvariantCulture) + body));
    }

    private static byte[] Entry(string name, byte type, byte[] data)
    {
        var header = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(header, 0);
        Octal(header, 100, 8, 420);
        Octal(header, 108, 8, 0);
        Octal(header, 116, 8, 0);
        Octal(header, 124, 12, data.Length);
        Octal(header, 136, 12, 1_705_327_200);
        header[156] = type;
        Encoding.ASCII.GetBytes("ustar\0" + "00").CopyTo(header, 257);
        for (var i = 148; i < 156; i++)
        {
            header[i] = (byte)' ';
        }
        var sum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
        var padded = new byte[(data.Length + 511) / 512 * 512];
        data.CopyTo(padded, 0);
        return [.. header, .. padded];
    }

    private static void Octal(byte[] header, int offset, int width, long value) =>
        Encoding.ASCII.GetBytes(Convert.ToString(value, 8).PadLeft(width - 1, '0') + "\0").CopyTo(header, offset);
}
