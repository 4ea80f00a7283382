using System.CommandLine;
using System.Text.Json;
using Firefighter.Sources.Collect;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff collect</c>: captures live evidence (Kubernetes API, Prometheus, Loki, the alert) for an alert into a bundle directory and a .tar.gz.</summary>
public sealed class CollectCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var output = new Option<string>("--out", "-o") { Description = "Bundle directory to write (a .tar.gz of it is written beside it)", Required = true };
        var noTar = new Option<bool>("--no-tar") { Description = "Write only the directory, no .tar.gz" };
        var json = Cli.JsonOption();
        var sources = new CollectOptionsCli();
        var command = new Command("collect", "Capture live evidence for an alert (Kubernetes objects, events, rollout history, container logs; Prometheus series; Loki logs) into an evidence bundle with a manifest");
        command.Options.Add(output);
        command.Options.Add(noTar);
        command.Options.Add(json);
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (options, error) = sources.Read(context, parse);
            if (options is null)
            {
                context.Fail(error!);
                return ExitCodes.Usage;
            }
            var (manifest, code) = await Run(context, options, parse.GetValue(output)!, !parse.GetValue(noTar), ct);
            if (manifest is not null && parse.GetValue(json))
            {
                context.Out.WriteLine(JsonSerializer.Serialize(manifest, CollectJsonContext.Default.CollectManifest));
            }
            return code;
        });
        return command;
    }

    /// <summary>Collects into <paramref name="dir"/> (and <c>dir.tar.gz</c>); progress on stderr. Exit 0 when every query answered, 2 when some
    /// failed, 3 when nothing could be collected.</summary>
    public static async Task<(CollectManifest? Manifest, int ExitCode)> Run(CliContext context, CollectOptions options, string dir, bool tar, CancellationToken ct)
    {
        var (manifest, error) = await BundleCollector.CollectAsync(options, dir, context.Time, line => context.Error.WriteLine("ff: collect: " + line), ct);
        if (manifest is null)
        {
            context.Fail(error!);
            return (null, error!.StartsWith("nothing to collect", StringComparison.Ordinal) || error.Contains("webhook", StringComparison.Ordinal) ? ExitCodes.Usage : ExitCodes.CannotRun);
        }
        if (tar)
        {
            var archive = dir.TrimEnd('/', Path.DirectorySeparatorChar) + ".tar.gz";
            if (BundleArchive.Create(dir, archive) is { } tarError)
            {
                context.Fail(tarError);
                return (manifest, ExitCodes.CannotRun);
            }
            context.Error.WriteLine($"ff: collect: wrote {archive}");
        }
        var answered = manifest.Entries.Count(e => e.Status is "ok" or "truncated" or "empty" && e.Source != "alert");
        var failed = manifest.Entries.Count(e => e.Status == "failed");
        return (manifest, answered == 0 && failed > 0 ? ExitCodes.CannotRun : failed > 0 ? ExitCodes.Problems : ExitCodes.Ok);
    }
}
