using Firefighter.Cli;

var context = new CliContext
{
    Out = Console.Out,
    Error = Console.Error,
    Interactive = !Console.IsOutputRedirected,
};
return await Cli.RunAsync(args, context);
