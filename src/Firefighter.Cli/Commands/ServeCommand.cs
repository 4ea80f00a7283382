using System.CommandLine;
using Firefighter.Server;
using Microsoft.Extensions.Hosting;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff serve</c>: receives Alertmanager webhooks, collects and investigates each alert group, keeps the incidents and serves them (API, UI).</summary>
public sealed class ServeCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var listen = new Option<string>("--listen") { Description = "Listen URL (loopback by default; another address needs a token)", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var db = new Option<string>("--db") { Description = "SQLite incident store (created; WAL)", DefaultValueFactory = _ => "ff-incidents.db" };
        var bundles = new Option<string>("--bundles") { Description = "Directory keeping each investigation's collected bundle", DefaultValueFactory = _ => "ff-bundles" };
        var workers = new Option<int>("--workers") { Description = "Concurrent investigations", DefaultValueFactory = _ => 2 };
        var slack = new Option<string?>("--slack-webhook") { Description = "Slack incoming-webhook URL for incident notices (also FF_SLACK_WEBHOOK)" };
        var webhook = new Option<string?>("--webhook") { Description = "Generic JSON webhook URL for incident notices" };
        var publicUrl = new Option<string?>("--public-url") { Description = "Base URL used in notice links (default: --listen)" };
        var signatures = new Option<string[]>("--signatures") { Description = "Extra signature directories (YAML)", AllowMultipleArgumentsPerToken = true };
        var sources = new CollectOptionsCli();
        var command = new Command("serve", "Receive Alertmanager webhooks (POST /api/v1/alerts), investigate each alert group from live sources, keep the incidents; API, web UI, Slack/webhook notices. Tokens: FF_TOKENS (write) and FF_READ_TOKENS (read), comma-separated");
        foreach (var o in new Option[] { listen, db, bundles, workers, slack, webhook, publicUrl, signatures })
        {
            command.Options.Add(o);
        }
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var (collect, error) = sources.Read(context, parse);
            if (collect is null)
            {
                context.Fail(error!);
                return ExitCodes.Usage;
            }
            Uri? slackUrl = null, hookUrl = null;
            if ((parse.GetValue(slack) ?? context.Env("FF_SLACK_WEBHOOK")) is { Length: > 0 } s && !Uri.TryCreate(s, UriKind.Absolute, out slackUrl))
            {
                context.Fail("--slack-webhook is not an absolute URL");
                return ExitCodes.Usage;
            }
            if (parse.GetValue(webhook) is { } w && !Uri.TryCreate(w, UriKind.Absolute, out hookUrl))
            {
                context.Fail("--webhook is not an absolute URL");
                return ExitCodes.Usage;
            }
            var options = new ServerOptions
            {
                Listen = parse.GetValue(listen)!,
                Database = parse.GetValue(db)!,
                BundleDirectory = parse.GetValue(bundles)!,
                Workers = parse.GetValue(workers),
                WriteTokens = Tokens(context.Env("FF_TOKENS")),
                ReadTokens = Tokens(context.Env("FF_READ_TOKENS")),
                Collect = collect,
                SignatureDirectories = InvestigationRunner.SignatureDirectories(context, parse.GetValue(signatures) ?? []),
                SlackWebhook = slackUrl,
                Webhook = hookUrl,
                PublicUrl = parse.GetValue(publicUrl),
            };
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = ServerApp.Build(options, context.Time);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                context.Fail(e.Message);
                return e is ArgumentException ? ExitCodes.Usage : ExitCodes.CannotRun;
            }
            await using (app)
            {
                context.Error.WriteLine($"ff: serving on {options.Listen} (store {options.Database}; POST /api/v1/alerts)");
                try
                {
                    await app.StartAsync(ct);
                    await app.WaitForShutdownAsync(ct);
                }
                catch (IOException e)
                {
                    context.Fail($"cannot listen on {options.Listen}: {e.Message}");
                    return ExitCodes.CannotRun;
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string[] Tokens(string? env) => env is null ? [] : env.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
