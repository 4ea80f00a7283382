namespace Firefighter.Sources.Prometheus;

/// <summary>A Prometheus API failure with its <c>errorType</c> (<c>bad_data</c>, <c>execution</c>, <c>timeout</c>, <c>unavailable</c>, <c>transport</c>...).</summary>
public sealed class PrometheusException : Exception
{
    /// <summary>Creates an exception.</summary>
    public PrometheusException(string errorType, string message, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PrometheusException()
        : this("unknown", "Prometheus request failed")
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PrometheusException(string message)
        : this("unknown", message)
    {
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public PrometheusException(string message, Exception inner)
        : this("unknown", message, null, inner)
    {
    }

    /// <summary>Prometheus <c>errorType</c>, or <c>transport</c>/<c>timeout</c>/<c>http</c> for failures before a JSON answer.</summary>
    public string ErrorType { get; }

    /// <summary>HTTP status, when a response arrived.</summary>
    public int? StatusCode { get; }
}
