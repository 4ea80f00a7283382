namespace Firefighter.Sources.Collect;

/// <summary>A Loki query that could not be answered; the message names the URL and the reason.</summary>
public sealed class LokiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LokiException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public LokiException() : base("Loki query failed")
    {
    }

    /// <summary>Creates the exception.</summary>
    public LokiException(string message) : base(message)
    {
    }
}
