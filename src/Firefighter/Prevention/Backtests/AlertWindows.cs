using YamlDotNet.RepresentationModel;
using System.Globalization;
using Firefighter.Prevention.Slo;

namespace Firefighter.Prevention.Backtests;

/// <summary>The SLO period and the page/ticket burn-rate windows (Sloth's <c>AlertWindows</c>).</summary>
public sealed record AlertWindows
{
    /// <summary>SLO period (Prometheus duration).</summary>
    public string Period { get; init; } = "30d";

    /// <summary>Page, fast burn.</summary>
    public BurnRateWindow PageQuick { get; init; } = new(2, "5m", "1h");

    /// <summary>Page, slower burn.</summary>
    public BurnRateWindow PageSlow { get; init; } = new(5, "30m", "6h");

    /// <summary>Ticket, fast burn.</summary>
    public BurnRateWindow TicketQuick { get; init; } = new(10, "2h", "1d");

    /// <summary>Ticket, slow burn.</summary>
    public BurnRateWindow TicketSlow { get; init; } = new(10, "6h", "3d");

    /// <summary>Google SRE workbook windows for a period: 14.4x/6x page and 3x/1x ticket at 30 days, the same budget shares scaled for other periods.</summary>
    public static AlertWindows ForPeriod(string period) => new() { Period = period };

    /// <summary>Reads a Sloth <c>AlertWindows</c> YAML document; null with an error when it is not one.</summary>
    public static AlertWindows? Parse(string yaml, string source, out string? error)
    {
        error = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var spec = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["spec"];
            BurnRateWindow W(string sev, string speed)
            {
                var n = (YamlMappingNode)((YamlMappingNode)spec[sev])[speed];
                return new BurnRateWindow(
                    double.Parse(((YamlScalarNode)n["errorBudgetPercent"]).Value!, NumberStyles.Float, CultureInfo.InvariantCulture),
                    ((YamlScalarNode)n["shortWindow"]).Value!, ((YamlScalarNode)n["longWindow"]).Value!);
            }
            return new AlertWindows
            {
                Period = ((YamlScalarNode)spec["sloPeriod"]).Value!,
                PageQuick = W("page", "quick"),
                PageSlow = W("page", "slow"),
                TicketQuick = W("ticket", "quick"),
                TicketSlow = W("ticket", "slow"),
            };
        }
        catch (Exception ex)
        {
            error = $"{source}: not a Sloth AlertWindows document: {ex.Message}";
            return null;
        }
    }
}
