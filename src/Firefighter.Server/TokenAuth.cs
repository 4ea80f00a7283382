using System.Security.Cryptography;
using System.Text;

namespace Firefighter.Server;

/// <summary>Bearer tokens with read or write roles, compared in constant time (SHA-256 of both sides, then <see cref="CryptographicOperations.FixedTimeEquals"/>).</summary>
public sealed class TokenAuth
{
    private readonly List<(byte[] Hash, bool Write)> _tokens;

    /// <summary>Creates the checker; with no token at all every request is allowed (the server then refuses to listen beyond loopback).</summary>
    public TokenAuth(IEnumerable<string> read, IEnumerable<string> write)
    {
        _tokens = [.. read.Select(t => (Hash(t), false)), .. write.Select(t => (Hash(t), true))];
    }

    /// <summary>Whether any token is configured.</summary>
    public bool Enabled => _tokens.Count > 0;

    /// <summary>The role a presented token has: null (unknown), "read" or "write". Every configured token is compared, so timing does not tell which matched.</summary>
    public string? Role(string? presented)
    {
        if (!Enabled)
        {
            return "write";
        }
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }
        var hash = Hash(presented);
        string? role = null;
        foreach (var (h, write) in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(h, hash))
            {
                role = write || role == "write" ? "write" : "read";
            }
        }
        return role;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
