namespace Firefighter;

/// <summary>Marks a <c>static partial</c> method returning <c>IReadOnlyList&lt;T&gt;</c> that the build implements with one instance of every
/// non-abstract <c>T</c> of the assembly having a parameterless constructor, ordered by full type name (Firefighter.Generators).</summary>
/// <remarks>The one discovery mechanism: order-stable and free of run-time reflection, so trimming and AOT keep working.</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DiscoverAttribute : Attribute;
