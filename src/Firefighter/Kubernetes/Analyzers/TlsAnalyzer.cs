using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>TLS secrets whose certificate has expired or expires within 30 days (the PEM in <c>tls.crt</c> is parsed).</summary>
public sealed class TlsAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.tls";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.TlsExpiring];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        var warnings = new List<EvidenceWarning>();
        foreach (var secret in index.OfKind("Secret"))
        {
            var data = secret.Json["data"];
            var b64 = KubeObject.Str(data?["tls.crt"]);
            var plain = KubeObject.Str(secret.Json["stringData"]?["tls.crt"]);
            if (b64 is null && plain is null)
            {
                continue;
            }
            X509Certificate2? cert;
            try
            {
                var pem = plain ?? Encoding.UTF8.GetString(Convert.FromBase64String(b64!));
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(pem);
                // The leaf comes first in a chain file.
                cert = collection.Count > 0 ? collection[0] : null;
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException or ArgumentException)
            {
                warnings.Add(new EvidenceWarning(secret.Ref.Source, secret.Ref.Line, $"Secret {secret.Name}: tls.crt is not a readable PEM certificate ({ex.Message})"));
                continue;
            }
            if (cert is null)
            {
                continue;
            }
            using (cert)
            {
                var notAfter = new DateTimeOffset(cert.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                var left = notAfter - context.Now;
                if (left > TimeSpan.FromDays(30))
                {
                    continue;
                }
                var days = (int)Math.Floor(left.TotalDays);
                var expired = left <= TimeSpan.Zero;
                var ns = KubeFindings.Ns(secret.Namespace);
                var subject = cert.GetNameInfo(X509NameType.DnsName, false) ?? cert.Subject;
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.TlsExpiring, expired || days < 7 ? FindingSeverity.Critical : FindingSeverity.Warning, expired ? 0.95 : 0.8,
                    expired
                        ? $"TLS certificate in secret {secret.Name} ({subject}) expired {KubeFindings.Ago(-left)} ago, on {notAfter:yyyy-MM-dd HH:mm} UTC"
                        : $"TLS certificate in secret {secret.Name} ({subject}) expires in {KubeFindings.Ago(left)}, on {notAfter:yyyy-MM-dd HH:mm} UTC",
                    secret.Entity, expired ? notAfter : null, [secret.At("data.tls.crt", $"notAfter={notAfter:O}")],
                    [$"kubectl get secret {secret.Name}{ns} -o jsonpath='{{.data.tls\\.crt}}' | base64 -d | openssl x509 -noout -subject -enddate",
                     "kubectl get certificates -A  # cert-manager, when used"],
                    new()
                    {
                        ["secret"] = secret.Name,
                        ["notAfter"] = notAfter.ToString("O", CultureInfo.InvariantCulture),
                        ["daysLeft"] = days.ToString(CultureInfo.InvariantCulture),
                        ["subject"] = subject,
                        ["expired"] = expired ? "true" : "false",
                    }));
            }
        }
        return new AnalyzerResult(findings, warnings);
    }
}
