namespace Firefighter.Logs;

/// <summary>The final templates of a <see cref="TemplateMiner"/> and the map from signature ids to them.</summary>
/// <param name="Templates">Templates in order of first occurrence.</param>
/// <param name="SignatureTemplates">Template index of each signature id returned by <see cref="TemplateMiner.Add"/>.</param>
public sealed record MiningResult(IReadOnlyList<MinedTemplate> Templates, int[] SignatureTemplates)
{
    /// <summary>The final template of a record, from the signature id <see cref="TemplateMiner.Add"/> returned for it.</summary>
    public MinedTemplate TemplateOf(int signatureId) => Templates[SignatureTemplates[signatureId]];

    /// <summary>What the miner's bounds cut (messages longer than the token cap, comparisons skipped), for the user to see.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
