using System.CommandLine;

namespace Firefighter.Cli;

/// <summary>A top-level command of <c>ff</c>. Add one by writing one class; <see cref="Cli"/> finds it.</summary>
public interface ICliCommand
{
    /// <summary>Builds the command (with its subcommands) bound to the context.</summary>
    Command Build(CliContext context);
}
