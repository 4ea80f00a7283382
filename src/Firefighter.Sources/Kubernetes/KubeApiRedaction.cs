using k8s.Models;

namespace Firefighter.Sources.Kubernetes;

/// <summary>Strips values from listed Secrets and ConfigMaps before they become evidence: keys stay (reference checks need them), values go.</summary>
/// <remarks>The one value kept is a TLS secret's public certificate (<c>tls.crt</c>, <c>ca.crt</c>), which the certificate-expiry check parses; private keys and every other value are emptied.</remarks>
internal static class KubeApiRedaction
{
    private static readonly HashSet<string> PublicKeys = new(StringComparer.Ordinal) { "tls.crt", "ca.crt" };

    public static V1SecretList Secrets(V1SecretList list)
    {
        foreach (var s in list.Items ?? [])
        {
            s.StringData = null;
            if (s.Data is { } data)
            {
                var tls = s.Type == "kubernetes.io/tls";
                foreach (var key in data.Keys.ToList())
                {
                    if (!(tls && PublicKeys.Contains(key)))
                    {
                        data[key] = [];
                    }
                }
            }
        }
        return list;
    }

    public static V1ConfigMapList ConfigMaps(V1ConfigMapList list)
    {
        foreach (var m in list.Items ?? [])
        {
            if (m.Data is { } data)
            {
                foreach (var key in data.Keys.ToList())
                {
                    data[key] = "";
                }
            }
            if (m.BinaryData is { } bin)
            {
                foreach (var key in bin.Keys.ToList())
                {
                    bin[key] = [];
                }
            }
        }
        return list;
    }
}
