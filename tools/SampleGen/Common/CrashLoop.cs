namespace Firefighter.SampleGen.Common;

/// <summary>Builds a container's run history under kubelet's crash back-off (10 s doubling to 5 min).</summary>
public static class CrashLoop
{
    /// <summary>Runs: the first from <paramref name="firstStart"/> to <paramref name="firstCrash"/>, then one restart per duration, each after its back-off (+1 s to start).</summary>
    public static List<Run> Schedule(DateTimeOffset firstStart, DateTimeOffset firstCrash, IReadOnlyList<int> runSeconds, int exitCode, string reason)
    {
        var runs = new List<Run> { new(firstStart, firstCrash, exitCode, reason) };
        var finished = firstCrash;
        for (var i = 0; i < runSeconds.Count; i++)
        {
            var started = finished.AddSeconds(Backoff(i) + 1);
            finished = started.AddSeconds(runSeconds[i]);
            runs.Add(new Run(started, finished, exitCode, reason));
        }
        return runs;
    }

    /// <summary>Back-off before restart number <paramref name="restartIndex"/> (0-based).</summary>
    public static int Backoff(int restartIndex) => Math.Min(300, 10 << Math.Min(restartIndex, 5));

    /// <summary>True when the container had a live process at <paramref name="t"/>.</summary>
    public static Run? RunAt(IReadOnlyList<Run> runs, DateTimeOffset t)
    {
        foreach (var r in runs)
        {
            if (t >= r.Started && (r.Finished is null || t < r.Finished))
            {
                return r;
            }
        }
        return null;
    }
}
