using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using Firefighter.Parsing;

namespace Firefighter.Sources.Kubernetes;

/// <summary>Reads a live cluster through the official KubernetesClient with read-only list calls, into the same <see cref="KubeObject"/>s a dump gives.</summary>
/// <remarks>Never throws on a cluster's answer: an unreachable server, rejected credentials, a timeout or a refused pods list is a failed
/// <see cref="KubeApiReadResult"/>; a refused or broken list of any other resource is a warning naming the verb and resource.
/// Objects are serialized back to JSON and read by <see cref="KubeYaml"/>, so live and dumped objects take one road to the analyzers.</remarks>
public static class KubeApiSource
{
    /// <summary>Lists every resource of <see cref="KubeApiOptions.Resources"/> and returns the evidence.</summary>
    public static async Task<KubeApiReadResult> ReadAsync(KubeApiOptions options, CancellationToken cancellationToken)
    {
        var listing = await ListAsync(options, cancellationToken).ConfigureAwait(false);
        if (listing.Error is not null)
        {
            return KubeApiReadResult.Failure(listing.Error);
        }
        var evidence = new EvidenceSet { Origin = listing.Host };
        foreach (var o in listing.Lists)
        {
            if (o.Error is not null)
            {
                evidence.Warnings.Add(new EvidenceWarning(listing.Host + o.Resource.PathFor(options.Namespace), null, o.Error));
                continue;
            }
            KubeYaml.ReadInto(evidence, o.List!, listing.Host + o.Resource.PathFor(options.Namespace));
        }
        return KubeApiReadResult.Success(evidence);
    }

    /// <summary>One listed resource: the list as JSON (items with kind and apiVersion, secrets and config values redacted) or why it could not be listed.</summary>
    public sealed record ListedResource(KubeApiResource Resource, JsonObject? List, string? Error);

    /// <summary>The raw lists of a live read (what <c>ff collect</c> writes into a bundle), or the one reason none could be read.</summary>
    public sealed record Listing(string Host, IReadOnlyList<ListedResource> Lists, string? Error);

    /// <summary>Builds a client from the options, or says why it cannot (bad kubeconfig, no service account).</summary>
    public static (k8s.Kubernetes? Client, string? Error) Connect(KubeApiOptions options)
    {
        KubernetesClientConfiguration config;
        try
        {
            config = options.InCluster
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or ArgumentException or FormatException or InvalidOperationException)
        {
            var where = options.InCluster ? "in-cluster service account" : $"kubeconfig {options.Kubeconfig ?? "(default)"}{(options.Context is null ? "" : $", context {options.Context}")}";
            return (null, $"{where}: cannot build a client configuration: {e.Message}");
        }
        config.HttpClientTimeout = options.Timeout;
        return (new k8s.Kubernetes(config), null);
    }

    /// <summary>Lists every resource of <see cref="KubeApiOptions.Resources"/> as JSON lists; never throws on the cluster's answer.</summary>
    public static async Task<Listing> ListAsync(KubeApiOptions options, CancellationToken cancellationToken)
    {
        var (client, error) = Connect(options);
        if (client is null)
        {
            return new Listing("", [], error);
        }
        using var owned = client;
        var host = client.BaseUri.ToString().TrimEnd('/');
        var calls = options.Resources.Select(r => ListOne(client, r, options.Namespace, host, options.Timeout, cancellationToken)).ToList();
        var outcomes = await Task.WhenAll(calls).ConfigureAwait(false);

        // A failure that no other list would escape (transport, credentials, clock) fails the scan, as does losing the pods.
        foreach (var o in outcomes)
        {
            if (o.Fatal || (o.Error is not null && o.Resource.Required))
            {
                return new Listing(host, [], o.Error!);
            }
        }
        return new Listing(host, [.. outcomes.Select(o => new ListedResource(o.Resource, o.List, o.Error))], null);
    }

    private sealed record Outcome(KubeApiResource Resource, JsonObject? List, string? Error, bool Fatal);

    private static async Task<Outcome> ListOne(IKubernetes client, KubeApiResource r, string? ns, string host, TimeSpan timeout, CancellationToken ct)
    {
        var scope = !r.Namespaced ? "at cluster scope" : ns is null ? "in all namespaces" : $"in namespace {ns}";
        var what = $"list {r.Qualified} {scope}";
        try
        {
            var typed = await r.List(client, r.Namespaced ? ns : null, ct).ConfigureAwait(false);
            var parsed = JsonTree.Parse(KubernetesJson.Serialize(typed));
            if (parsed.Error is not null || parsed.Documents is not [(JsonObject list, _)] || list["items"] is not JsonArray items)
            {
                return new(r, null, $"{what}: the server's answer is not a Kubernetes list", false);
            }
            // List items come without kind and apiVersion on the wire; the reader needs the kind.
            list["kind"] = r.Kind + "List";
            foreach (var item in items)
            {
                if (item is JsonObject o)
                {
                    o["kind"] ??= r.Kind;
                    o["apiVersion"] ??= r.ApiVersion;
                }
            }
            return new(r, list, null, false);
        }
        catch (HttpOperationException e) when (e.Response is { } resp)
        {
            var status = (int)resp.StatusCode;
            var server = StatusMessage(resp.Content);
            return resp.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new(r, null, $"the API server at {host} rejected the credentials (401 Unauthorized) on {what}: log in again or refresh the token{server}", true),
                HttpStatusCode.Forbidden => new(r, null, $"forbidden (403): {what} was refused{server}; grant get/list/watch on {r.Qualified} (see deploy/rbac.yaml)", false),
                HttpStatusCode.NotFound => new(r, null, $"{what}: not served by this API server (404 for {r.PathFor(ns)}); skipped", false),
                _ when status is >= 200 and < 300 => new(r, null, $"{what}: the server's answer is not a Kubernetes list ({e.Message})", false),
                _ => new(r, null, $"{what} failed: HTTP {status} {resp.ReasonPhrase}{server}", false),
            };
        }
        catch (JsonException e)
        {
            return new(r, null, $"{what}: the server's answer is not a Kubernetes list (invalid JSON: {e.Message})", false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(r, null, $"timed out after {timeout.TotalSeconds:0.#} s waiting for the API server at {host} to answer {what}", true);
        }
        catch (HttpRequestException e)
        {
            return new(r, null, $"cannot reach the API server at {host} ({what}): {Innermost(e)}", true);
        }
        catch (KubernetesClientException e)
        {
            return new(r, null, $"{what} failed: {e.Message}", false);
        }
    }

    private static string StatusMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }
        try
        {
            if (JsonNode.Parse(body) is JsonObject o && KubeObject.Str(o["message"]) is { Length: > 0 } m)
            {
                return ": " + m;
            }
        }
        catch (JsonException)
        {
        }
        return "";
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }
        return e.Message;
    }
}
