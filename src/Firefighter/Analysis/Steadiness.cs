namespace Firefighter.Analysis;

/// <summary>"Was it already like this before?" — the first question an engineer asks of anything found during an incident. A condition
/// that occurs at the same rate from the start of the evidence to its end (a gateway whose requests are always slow, a service that always
/// logs the same error) is background: it may be worth a ticket, but it is not what changed.</summary>
/// <remarks>With a known incident start the rate before it is compared with the rate after; without one, the first third of the evidence
/// window with the last third. A condition is steady when at least <see cref="MinEarly"/> occurrences fall in the earlier part and the later
/// part's rate is less than <see cref="MaxRise"/> times the earlier one. Windows shorter than <see cref="MinWindow"/> say nothing (every
/// occurrence is "during"). O(n) in the occurrences.</remarks>
public static class Steadiness
{
    /// <summary>Occurrences the earlier part must hold before a condition can be called steady.</summary>
    public const int MinEarly = 3;

    /// <summary>Rise of the rate (later over earlier) below which a condition counts as steady.</summary>
    public const double MaxRise = 2;

    /// <summary>The shortest evidence window that can show a condition was there before.</summary>
    public static readonly TimeSpan MinWindow = TimeSpan.FromMinutes(2);

    /// <summary>Whether the occurrences at <paramref name="times"/> were as frequent early in the window [<paramref name="from"/>,
    /// <paramref name="to"/>] (or before <paramref name="start"/>, when the incident start is known and inside the window) as later.</summary>
    public static bool IsSteady(IEnumerable<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? start)
    {
        if (to - from < MinWindow)
        {
            return false;
        }
        DateTimeOffset earlyEnd, lateStart;
        if (start is { } s && s - from >= MinWindow / 2 && to - s >= MinWindow / 2)
        {
            (earlyEnd, lateStart) = (s, s);
        }
        else
        {
            var third = (to - from) / 3;
            (earlyEnd, lateStart) = (from + third, to - third);
        }
        int early = 0, late = 0;
        foreach (var t in times)
        {
            if (t < earlyEnd)
            {
                early++;
            }
            else if (t >= lateStart)
            {
                late++;
            }
        }
        if (early < MinEarly)
        {
            return false;
        }
        var earlyRate = early / (earlyEnd - from).TotalSeconds;
        var lateRate = late / Math.Max(1, (to - lateStart).TotalSeconds);
        return lateRate < MaxRise * earlyRate;
    }
}
