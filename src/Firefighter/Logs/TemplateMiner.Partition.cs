namespace Firefighter.Logs;

public sealed partial class TemplateMiner
{
    // Each signature's words as small integers, 0 for a masked position (all masked values are one class when splitting).
    private int[][] KeyIds()
    {
        var intern = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new int[_signatures.Count][];
        for (var i = 0; i < ids.Length; i++)
        {
            var sig = _signatures[i];
            var row = ids[i] = new int[sig.Keys.Length];
            for (var p = 0; p < row.Length; p++)
            {
                if (sig.Masked[p]) { continue; }
                if (!intern.TryGetValue(sig.Keys[p], out var id)) { intern[sig.Keys[p]] = id = intern.Count + 1; }
                row[p] = id;
            }
        }
        return ids;
    }

    // Splits signatures of one length recursively on the word position with the fewest distinct values (see the class remarks).
    // The distinct values per position are kept as counts: the largest part inherits its parent's counts minus the other parts,
    // and only the smaller parts are counted afresh, so a signature is counted O(log N) times: O(N·L·log N) for N signatures of
    // L tokens (recounting every group was O(N·L²) on splits that peel one signature at a time). Each split fixes one position,
    // so the recursion is at most L deep.
    private void Partition(List<int> group, int length, int[][] ids, Dictionary<int, int>[]? counts, List<List<int>> output)
    {
        if (group.Count == 1 || length == 0)
        {
            output.Add(group);
            return;
        }
        if (counts is null && group.Count <= SmallGroup)
        {
            PartitionSmall(group, length, ids, output);
            return;
        }
        counts ??= Count(group, length, ids);
        var choice = new SplitChoice(_tuning.MaxEventWords);
        for (var p = 0; p < length; p++)
        {
            var k = counts[p].Count;
            var anyMasked = counts[p].ContainsKey(0);
            choice.Consider(p, k, anyMasked);
        }
        var bestPos = choice.Position(_tuning.SplitVariableOnly);
        if (bestPos < 0)
        {
            output.Add(group);
            return;
        }
        // The chosen position has at least two values, so every part is smaller than the group.
        var parts = new Dictionary<int, List<int>>();
        var partOrder = new List<List<int>>();
        foreach (var s in group)
        {
            var key = ids[s][bestPos];
            if (!parts.TryGetValue(key, out var list))
            {
                parts[key] = list = [];
                partOrder.Add(list);
            }
            list.Add(s);
        }
        var largest = 0;
        for (var i = 1; i < partOrder.Count; i++)
        {
            if (partOrder[i].Count > partOrder[largest].Count) { largest = i; }
        }
        for (var i = 0; i < partOrder.Count; i++)
        {
            if (i == largest) { continue; }
            foreach (var s in partOrder[i])
            {
                var row = ids[s];
                for (var p = 0; p < length; p++)
                {
                    var c = counts[p];
                    if (--c[row[p]] == 0) { c.Remove(row[p]); }
                }
            }
        }
        for (var i = 0; i < partOrder.Count; i++)
        {
            Partition(partOrder[i], length, ids, i == largest ? counts : null, output);
        }
    }

    // The position a group is split on: the word position with the fewest distinct values, up to MaxEventWords; kept alongside, the least
    // varied word position and the least varied mixed (words and variables) position, for a group whose every position is variable.
    private struct SplitChoice(int maxEventWords)
    {
        private int _best = -1, _bestK = int.MaxValue, _word = -1, _wordK = int.MaxValue, _mixed = -1, _mixedK = int.MaxValue;
        private bool _hasConstantWord;

        public void Consider(int p, int k, bool anyMasked)
        {
            if (k == 1)
            {
                _hasConstantWord |= !anyMasked;
                return;
            }
            if (anyMasked)
            {
                if (k > 1 && k < _mixedK) { _mixedK = k; _mixed = p; }
                return;
            }
            if (k <= maxEventWords && k < _bestK)
            {
                _bestK = k;
                _best = p;
            }
            if (k < _wordK)
            {
                _wordK = k;
                _word = p;
            }
        }

        // A template of only variables says nothing; split on the least varied word position instead.
        public readonly int Position(bool splitVariableOnly) =>
            _best < 0 && !_hasConstantWord && splitVariableOnly ? (_word >= 0 ? _word : _mixed) : _best;
    }

    // Below this size a group is split by comparing its members directly: no per-position tables to allocate.
    private const int SmallGroup = 16;

    // The same choice as Partition for a small group, counting distinct values per position by pairwise comparison.
    private void PartitionSmall(List<int> group, int length, int[][] ids, List<List<int>> output)
    {
        if (group.Count == 1 || length == 0)
        {
            output.Add(group);
            return;
        }
        var choice = new SplitChoice(_tuning.MaxEventWords);
        for (var p = 0; p < length; p++)
        {
            var k = 0;
            var anyMasked = false;
            for (var i = 0; i < group.Count; i++)
            {
                var v = ids[group[i]][p];
                if (v == 0) { anyMasked = true; }
                var seen = false;
                for (var j = 0; j < i && !seen; j++) { seen = ids[group[j]][p] == v; }
                if (!seen) { k++; }
            }
            choice.Consider(p, k, anyMasked);
        }
        var bestPos = choice.Position(_tuning.SplitVariableOnly);
        if (bestPos < 0)
        {
            output.Add(group);
            return;
        }
        var parts = new List<List<int>>();
        var keys = new List<int>();
        foreach (var s in group)
        {
            var key = ids[s][bestPos];
            var at = keys.IndexOf(key);
            if (at < 0)
            {
                keys.Add(key);
                parts.Add([]);
                at = parts.Count - 1;
            }
            parts[at].Add(s);
        }
        foreach (var part in parts) { PartitionSmall(part, length, ids, output); }
    }

    private static Dictionary<int, int>[] Count(List<int> group, int length, int[][] ids)
    {
        var counts = new Dictionary<int, int>[length];
        for (var p = 0; p < length; p++) { counts[p] = []; }
        foreach (var s in group)
        {
            var row = ids[s];
            for (var p = 0; p < length; p++)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts[p], row[p], out _)++;
            }
        }
        return counts;
    }
}
