namespace Firefighter.Parsing;

/// <summary>A syntax error met while parsing a JSON or YAML file.</summary>
/// <param name="Line">1-based line, when known.</param>
/// <param name="Message">What is wrong, starting "malformed JSON" or "malformed YAML".</param>
/// <param name="DocumentsBefore">How many top-level documents were complete before it.</param>
public sealed record StructuredError(int? Line, string Message, int DocumentsBefore);
