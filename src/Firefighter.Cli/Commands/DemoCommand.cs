using System.CommandLine;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff demo</c>: investigates a bundled sample incident, so a new user sees the whole job in one command.</summary>
public sealed class DemoCommand : ICliCommand
{
    private const string DefaultSample = "oom-after-deploy";

    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var sample = new Argument<string>("sample") { Description = "Sample name under samples/", DefaultValueFactory = _ => DefaultSample };
        var options = new InvestigateOptions();
        var command = new Command("demo", $"Investigate a bundled sample incident (default: {DefaultSample})");
        command.Arguments.Add(sample);
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(sample)!;
            if (FindSamples(context) is not { } samples)
            {
                context.Fail("samples/ not found: run ff demo from a clone of the repository");
                return ExitCodes.CannotRun;
            }
            var path = Path.Combine(samples, name);
            if (!Directory.Exists(path))
            {
                var known = Directory.GetDirectories(samples).Select(Path.GetFileName).Order(StringComparer.Ordinal);
                context.Fail($"no sample '{name}' (samples: {string.Join(", ", known)})");
                return ExitCodes.Usage;
            }
            context.Error.WriteLine($"ff: investigating the sample bundle {Path.GetRelativePath(Environment.CurrentDirectory, path)}");
            return await InvestigateCommand.Execute(context, path, options.Read(parse), ct);
        });
        return command;
    }

    private static string? FindSamples(CliContext context)
    {
        foreach (var start in new[] { context.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples");
                if (File.Exists(Path.Combine(dir.FullName, "Firefighter.slnx")) && Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }
}
