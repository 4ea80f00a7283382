using System.Globalization;
using YamlDotNet.RepresentationModel;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;
using static Firefighter.Parsing.YamlNodes;

namespace Firefighter.Prevention.Slo;

/// <summary>Turns a Sloth <c>prometheus/v1</c> SLO spec into SLI recording rules, SLO metadata rules and multi-window multi-burn-rate alerts, as Sloth does.</summary>
public static class SloRuleGenerator
{
    private const string DefaultSummary = "{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.";

    /// <summary>The rule file for every SLO of the spec; never throws: problems are in <see cref="RuleFile.Errors"/>.</summary>
    public static RuleFile Generate(string specYaml, string source, AlertWindows? windows = null)
    {
        windows ??= new AlertWindows();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(specYaml));
            root = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode m ? m : throw new InvalidDataException("empty document");
        }
        catch (Exception ex)
        {
            return new RuleFile { Errors = [$"{source}: not valid YAML: {ex.Message}"] };
        }
        if (Scalar(root, "version") != "prometheus/v1")
        {
            return new RuleFile { Errors = [$"{source}: only Sloth 'version: prometheus/v1' specs are supported (got '{Scalar(root, "version") ?? Scalar(root, "apiVersion")}')"] };
        }
        var service = Scalar(root, "service") ?? "";
        var specLabels = Map(root, "labels");
        var groups = new List<RuleGroup>();
        var errors = new List<string>();
        var period = PromDuration.TryParse(windows.Period) ?? TimeSpan.FromDays(30);
        foreach (var slo in Child(root, "slos") is YamlSequenceNode seq ? seq.Children.OfType<YamlMappingNode>() : [])
        {
            var name = Scalar(slo, "name") ?? "";
            if (!double.TryParse(Scalar(slo, "objective"), NumberStyles.Float, CultureInfo.InvariantCulture, out var objective) || objective <= 0 || objective >= 100)
            {
                errors.Add($"{source}:{slo.Start.Line}: SLO '{name}' needs an objective between 0 and 100");
                continue;
            }
            var sli = Child(slo, "sli") as YamlMappingNode;
            var events = sli is null ? null : Child(sli, "events") as YamlMappingNode;
            var raw = sli is null ? null : Child(sli, "raw") as YamlMappingNode;
            Func<string, string>? sliExpr = null;
            if (events is not null && Scalar(events, "error_query") is { } errQ && Scalar(events, "total_query") is { } totQ)
            {
                sliExpr = w => $"({W(errQ, w)})\n/\n({W(totQ, w)})";
            }
            else if (raw is not null && Scalar(raw, "error_ratio_query") is { } ratioQ)
            {
                sliExpr = w => W(ratioQ, w);
            }
            if (sliExpr is null)
            {
                errors.Add($"{source}:{slo.Start.Line}: SLO '{name}' needs sli.events (error_query, total_query) or sli.raw.error_ratio_query (plugins are not supported)");
                continue;
            }
            var id = $"{service}-{name}";
            var ids = new Dictionary<string, string> { ["sloth_id"] = id, ["sloth_service"] = service, ["sloth_slo"] = name };
            var selector = $"{{sloth_id=\"{id}\", sloth_service=\"{service}\", sloth_slo=\"{name}\"}}";
            var baseLabels = Merge(specLabels, Map(slo, "labels"), ids);

            var all = new[] { windows.PageQuick, windows.PageSlow, windows.TicketQuick, windows.TicketSlow };
            var sliWindows = all.SelectMany(w => new[] { w.ShortWindow, w.LongWindow }).Distinct()
                .OrderBy(w => PromDuration.TryParse(w) ?? TimeSpan.Zero).ToList();
            var records = sliWindows.Select(w => new AlertingRule
            {
                Record = "slo:sli_error:ratio_rate" + w,
                Expr = sliExpr(w),
                Labels = Merge(baseLabels, new Dictionary<string, string> { ["sloth_window"] = w }),
            }).ToList();
            var shortest = sliWindows[0];
            records.Add(new AlertingRule
            {
                Record = "slo:sli_error:ratio_rate" + windows.Period,
                Expr = $"sum_over_time(slo:sli_error:ratio_rate{shortest}{selector}[{windows.Period}])\n/ ignoring (sloth_window)\ncount_over_time(slo:sli_error:ratio_rate{shortest}{selector}[{windows.Period}])",
                Labels = Merge(baseLabels, new Dictionary<string, string> { ["sloth_window"] = windows.Period }),
            });
            groups.Add(new RuleGroup { Name = $"sloth-slo-sli-recordings-{id}", Rules = records });

            var ratio = Num(objective / 100);
            groups.Add(new RuleGroup
            {
                Name = $"sloth-slo-meta-recordings-{id}",
                Rules =
                [
                    Rec("slo:objective:ratio", $"vector({ratio})", baseLabels),
                    Rec("slo:error_budget:ratio", $"vector(1-{ratio})", baseLabels),
                    Rec("slo:time_period:days", $"vector({Num(period.TotalDays)})", baseLabels),
                    Rec("slo:current_burn_rate:ratio", $"slo:sli_error:ratio_rate{shortest}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}", baseLabels),
                    Rec("slo:period_burn_rate:ratio", $"slo:sli_error:ratio_rate{windows.Period}{selector}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio{selector}", baseLabels),
                    Rec("slo:period_error_budget_remaining:ratio", $"1 - slo:period_burn_rate:ratio{selector}", baseLabels),
                    Rec("sloth_slo_info", "vector(1)", Merge(baseLabels, new Dictionary<string, string>
                    {
                        ["sloth_mode"] = "cli-gen-prom", ["sloth_objective"] = Scalar(slo, "objective")!, ["sloth_spec"] = "prometheus/v1", ["sloth_version"] = "firefighter",
                    })),
                ],
            });

            if (Child(slo, "alerting") is YamlMappingNode alerting)
            {
                var alertName = Scalar(alerting, "name");
                var budget = Num((100 - objective) / 100);
                var alertRules = new List<AlertingRule>();
                foreach (var (kind, quick, slow, defaultSeverity) in new[] { ("page", windows.PageQuick, windows.PageSlow, "critical"), ("ticket", windows.TicketQuick, windows.TicketSlow, "warning") })
                {
                    var node = Child(alerting, kind + "_alert") as YamlMappingNode;
                    if (node is not null && Scalar(node, "disable") == "true")
                    {
                        continue;
                    }
                    if (alertName is null)
                    {
                        errors.Add($"{source}:{alerting.Start.Line}: SLO '{name}' alerting needs a name");
                        break;
                    }
                    var labels = Merge(Map(alerting, "labels"), node is null ? [] : Map(node, "labels"), new Dictionary<string, string> { ["sloth_severity"] = kind });
                    if (!labels.ContainsKey("severity"))
                    {
                        labels["severity"] = defaultSeverity;
                    }
                    var annotations = Merge(new Dictionary<string, string>
                    {
                        ["summary"] = DefaultSummary,
                        ["title"] = $"({kind}) {{{{$labels.sloth_service}}}} {{{{$labels.sloth_slo}}}} SLO error budget burn rate is too fast.",
                    }, Map(alerting, "annotations"), node is null ? [] : Map(node, "annotations"));
                    alertRules.Add(new AlertingRule
                    {
                        Alert = alertName,
                        Expr = $"(\n{Cond(quick, selector, budget, period)}\n)\nor\n(\n{Cond(slow, selector, budget, period)}\n)",
                        For = "0m",
                        Labels = labels,
                        Annotations = annotations,
                    });
                }
                if (alertRules.Count > 0)
                {
                    groups.Add(new RuleGroup { Name = $"sloth-slo-alerts-{id}", Rules = alertRules });
                }
            }
        }
        if (groups.Count == 0 && errors.Count == 0)
        {
            errors.Add($"{source}: no SLOs under 'slos:'");
        }
        return new RuleFile { Groups = groups, Errors = errors };
    }

    private static string Cond(BurnRateWindow w, string selector, string budget, TimeSpan period)
    {
        var factor = Num(w.Factor(period));
        return $"    max(slo:sli_error:ratio_rate{w.ShortWindow}{selector} > ({factor} * {budget})) without (sloth_window)\n    and\n"
            + $"    max(slo:sli_error:ratio_rate{w.LongWindow}{selector} > ({factor} * {budget})) without (sloth_window)";
    }

    private static AlertingRule Rec(string record, string expr, IReadOnlyDictionary<string, string> labels) =>
        new() { Record = record, Expr = expr, Labels = labels };

    private static string W(string query, string window) => query.Replace("{{.window}}", window, StringComparison.Ordinal).Replace("{{ .window }}", window, StringComparison.Ordinal);

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static SortedDictionary<string, string> Merge(params IReadOnlyDictionary<string, string>[] maps)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in maps)
        {
            foreach (var (k, v) in m)
            {
                result[k] = v;
            }
        }
        return result;
    }
}
