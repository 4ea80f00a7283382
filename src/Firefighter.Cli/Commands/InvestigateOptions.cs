using System.CommandLine;

namespace Firefighter.Cli.Commands;

/// <summary>The options <c>ff investigate</c> and <c>ff demo</c> share.</summary>
public sealed class InvestigateOptions
{
    private readonly Option<bool> _json = Cli.JsonOption();
    private readonly Option<bool> _noColor = Cli.NoColorOption();
    private readonly Option<string?> _out = new("--out", "-o") { Description = "Also write report.md, report.json and report.html into this directory" };
    private readonly Option<string[]> _signatures = new("--signatures") { Description = "Extra signature directories (YAML); same id replaces a built-in", AllowMultipleArgumentsPerToken = true };
    private readonly Option<string[]> _analyzers = new("--analyzer") { Description = "Run only these analyzers (name or prefix, e.g. k8s, logs.patterns)", AllowMultipleArgumentsPerToken = true };
    private readonly Option<bool> _verbose = new("--verbose", "-v") { Description = "Print every warning on stderr (default: the first 5, the rest counted)" };
    private readonly Option<bool> _backtest = new("--backtest") { Description = "Backtest the suggested alert rules on the evidence's metrics with a real Prometheus (needs prometheus and promtool; adds a few seconds)" };
    private readonly Option<long?> _maxFileMb = new("--max-file-mb") { Description = "Most megabytes read from one bundle file after decompression (default 1024); past it the file is cut with a warning" };
    private readonly Option<long?> _maxBundleMb = new("--max-bundle-mb") { Description = "Most megabytes read from the whole bundle after decompression (default 4096); past it files are cut with a warning" };
    private readonly Option<DateTimeOffset?> _now = TimeOptions.Time("--now", "Analyse as of this time; default: the bundle's captured_at, else its latest evidence");

    /// <summary>The parsed values.</summary>
    public sealed record Values(bool Json, bool NoColor, string? Out, IReadOnlyList<string> Signatures, IReadOnlyList<string> Analyzers, DateTimeOffset? Now, bool Backtest = false, long? MaxFileMb = null, long? MaxBundleMb = null, bool Verbose = false)
    {
        /// <summary>The bundle read limits these values ask for (defaults where not given).</summary>
        public Sources.Bundles.BundleReadOptions ReadOptions => Sources.Bundles.BundleReadOptions.Default with
        {
            MaxReadBytesPerFile = MaxFileMb is > 0 and var f ? f * 1024 * 1024 : Sources.Bundles.BundleReadOptions.Default.MaxReadBytesPerFile,
            MaxBundleBytes = MaxBundleMb is > 0 and var b ? b * 1024 * 1024 : Sources.Bundles.BundleReadOptions.Default.MaxBundleBytes,
            MaxFileBytes = MaxFileMb is > 0 and var m ? Math.Max(m * 1024 * 1024, Sources.Bundles.BundleReadOptions.Default.MaxFileBytes) : Sources.Bundles.BundleReadOptions.Default.MaxFileBytes,
        };
    }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _json, _out, _signatures, _analyzers, _now, _backtest, _noColor, _verbose, _maxFileMb, _maxBundleMb })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Reads the values from a parse result.</summary>
    public Values Read(ParseResult parse) => new(
        parse.GetValue(_json),
        parse.GetValue(_noColor),
        parse.GetValue(_out),
        parse.GetValue(_signatures) ?? [],
        parse.GetValue(_analyzers) ?? [],
        parse.GetValue(_now),
        parse.GetValue(_backtest),
        parse.GetValue(_maxFileMb),
        parse.GetValue(_maxBundleMb),
        parse.GetValue(_verbose));
}
