using System.Globalization;
using System.Text;

namespace Firefighter.SampleGen.Common;

/// <summary>A seeded SplitMix64 generator: same seed, same numbers on every runtime and CPU (no System.Random, no libm).</summary>
public sealed class Det
{
    private readonly ulong _seed;
    private ulong _state;

    /// <summary>Creates a generator from a seed.</summary>
    public Det(ulong seed)
    {
        _seed = seed;
        _state = seed;
    }

    /// <summary>An independent generator for a named purpose, so adding draws in one file does not shift another.</summary>
    public Det Fork(string purpose) => new(_seed ^ Fnv(purpose));

    /// <summary>Next raw 64-bit value.</summary>
    public ulong NextU64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform integer in [0, max).</summary>
    public int Next(int max) => (int)(NextU64() % (ulong)max);

    /// <summary>Uniform integer in [min, max).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Approximately standard normal (Irwin–Hall sum of 12 uniforms): only + and -, so bit-exact everywhere.</summary>
    public double Gaussian()
    {
        var s = 0.0;
        for (var i = 0; i < 12; i++)
        {
            s += NextDouble();
        }
        return s - 6.0;
    }

    /// <summary>One element of a list.</summary>
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Lower-case hex string of <paramref name="length"/> digits.</summary>
    public string Hex(int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append("0123456789abcdef"[Next(16)]);
        }
        return sb.ToString();
    }

    /// <summary>Alphanumeric suffix like Kubernetes uses for generated names (no vowels, like k8s' rand.String).</summary>
    public string KubeSuffix(int length)
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(alphabet[Next(alphabet.Length)]);
        }
        return sb.ToString();
    }

    /// <summary>A version-4 style UUID.</summary>
    public string Uuid()
    {
        var h = Hex(32).ToCharArray();
        h[12] = '4';
        h[16] = "89ab"[Next(4)];
        var s = new string(h);
        return string.Create(CultureInfo.InvariantCulture, $"{s[..8]}-{s[8..12]}-{s[12..16]}-{s[16..20]}-{s[20..]}");
    }

    /// <summary>Deterministic sine (Taylor series after range reduction), so values do not depend on the platform's libm.</summary>
    public static double Sin(double x)
    {
        const double twoPi = 6.283185307179586;
        x -= twoPi * Math.Floor(x / twoPi);
        if (x > Math.PI)
        {
            x -= twoPi;
        }
        var x2 = x * x;
        var term = x;
        var sum = x;
        for (var n = 1; n < 12; n++)
        {
            term *= -x2 / ((2 * n) * (2 * n + 1));
            sum += term;
        }
        return sum;
    }

    /// <summary>Stable 64-bit FNV-1a hash of a string.</summary>
    public static ulong Fnv(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
