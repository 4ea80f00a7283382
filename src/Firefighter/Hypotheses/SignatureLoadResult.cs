using Firefighter.Evidence;

namespace Firefighter.Hypotheses;

/// <summary>The signatures loaded and the files that could not be used, with why.</summary>
public sealed record SignatureLoadResult(IReadOnlyList<Signature> Signatures, IReadOnlyList<EvidenceWarning> Warnings);
