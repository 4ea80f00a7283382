// RS0030 (blocking on tasks): the pipeline is synchronous by contract and joins its own CPU-bound Task.Run blocks in order;
// there is no synchronization context to deadlock on and no I/O behind the tasks.
#pragma warning disable RS0030
using System.Buffers;
using System.IO.Compression;
using System.Text;
using Firefighter.Parsing;

namespace Firefighter.Logs;

/// <summary>Reads log files (plain, JSON lines, logfmt, CRI/Docker; .gz) in blocks, splits headers and mines templates on all cores, deterministically.</summary>
/// <remarks>
/// Blocks are mined by independent <see cref="TemplateMiner"/>s in parallel and merged in input order, so the result is the
/// same as one sequential pass. Memory is the block buffers, the signature table and one int per record. Stack-trace lines
/// (indented frames, <c>Caused by:</c>) without a header of their own join the record above them: they are not records.
/// </remarks>
public sealed class TemplateMiningPipeline
{
    private const int BlockSize = 1 << 20;
    private readonly LoghubFormat? _format;
    private readonly int _defaultYear;
    private readonly bool _parseTime;
    private readonly int _parallelism;
    private readonly TemplateMiner _miner;
    private readonly MinerOptions? _options;
    private readonly List<int[]> _recordSignatures = [];

    /// <summary>Creates a pipeline.</summary>
    /// <param name="format">Loghub-notation header format, or null to auto-detect.</param>
    /// <param name="defaultYear">Year for timestamps without one.</param>
    /// <param name="parseTime">Whether to read timestamps (first/last seen).</param>
    /// <param name="parallelism">Worker count; 0 = all cores.</param>
    /// <param name="options">Masks and pinned tokens for the miner.</param>
    public TemplateMiningPipeline(LoghubFormat? format, int defaultYear = 2000, bool parseTime = true, int parallelism = 0, MinerOptions? options = null)
    {
        _options = options;
        _miner = new TemplateMiner(options);
        _format = format;
        _defaultYear = defaultYear;
        _parseTime = parseTime;
        _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
    }

    /// <summary>Records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Bytes read so far (uncompressed).</summary>
    public long ByteCount { get; private set; }

    /// <summary>Called after each batch with the records read so far (progress reporting).</summary>
    public Action<long>? Progress { get; init; }

    /// <summary>Reads and mines one file. Throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when it cannot be read.</summary>
    public void AddFile(string path)
    {
        using var stream = LogFileRecords.OpenRead(path);
        AddStream(stream);
    }

    /// <summary>Reads and mines a stream of UTF-8 lines.</summary>
    /// <remarks>
    /// The calling thread reads newline-aligned blocks and hands each to a worker task; finished blocks are merged strictly in
    /// input order, so ids and output do not depend on the thread count. At most twice the worker count of blocks are in flight.
    /// </remarks>
    public void AddStream(Stream stream)
    {
        var pending = new Queue<Task<BlockResult>>();
        var maxInFlight = _parallelism == 1 ? 1 : _parallelism * 2;
        byte[]? carry = null;
        var carryLen = 0;
        HeaderShape? shape = null;
        var learned = false;
        var blocks = 0;
        try
        {
            while (true)
            {
                var buf = ArrayPool<byte>.Shared.Rent(BlockSize + carryLen);
                if (carry is not null)
                {
                    Buffer.BlockCopy(carry, 0, buf, 0, carryLen);
                    ArrayPool<byte>.Shared.Return(carry);
                    carry = null;
                }
                var filled = carryLen;
                int read;
                while (filled < buf.Length && (read = stream.Read(buf, filled, buf.Length - filled)) > 0) { filled += read; }
                var eof = filled < buf.Length;
                var cut = eof ? filled : buf.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (cut <= 0) { cut = filled; } // a single line longer than the block
                carryLen = filled - cut;
                if (carryLen > 0)
                {
                    carry = ArrayPool<byte>.Shared.Rent(carryLen);
                    Buffer.BlockCopy(buf, cut, carry, 0, carryLen);
                }
                ByteCount += cut;
                if (!learned && _format is null)
                {
                    shape = HeaderShape.Learn(FirstLines(buf.AsSpan(0, cut > 0 ? cut : filled)), _defaultYear);
                    learned = true;
                }
                if (cut > 0)
                {
                    var block = buf;
                    var length = cut;
                    var blockShape = shape;
                    var firstBlock = blocks++ == 0;
                    pending.Enqueue(_parallelism == 1 ? Task.FromResult(MineBlock(block, length, blockShape, firstBlock)) : Task.Run(() => MineBlock(block, length, blockShape, firstBlock)));
                }
                else
                {
                    ArrayPool<byte>.Shared.Return(buf);
                }
                while (pending.Count >= maxInFlight) { MergeBlock(pending.Dequeue()); }
                if (eof && carryLen > 0)
                {
                    // The unterminated last line.
                    var last = carry!;
                    var lastLen = carryLen;
                    carry = null;
                    carryLen = 0;
                    ByteCount += lastLen;
                    pending.Enqueue(Task.FromResult(MineBlock(last, lastLen, shape, blocks++ == 0)));
                }
                if (eof) { break; }
            }
            while (pending.Count > 0) { MergeBlock(pending.Dequeue()); }
        }
        finally
        {
            // On a read error, let the workers finish before their buffers go back to the pool.
            foreach (var t in pending)
            {
                try { t.Wait(); } catch (AggregateException) { }
            }
            if (carry is not null) { ArrayPool<byte>.Shared.Return(carry); }
        }
    }

    private sealed record BlockResult(TemplateMiner Miner, int[] Ids, byte[] Buffer);

    // The header shape is learned once per stream from its first lines (when no format is given).
    private static List<string> FirstLines(ReadOnlySpan<byte> data)
    {
        var lines = new List<string>();
        while (!data.IsEmpty && lines.Count < HeaderShape.SampleLines)
        {
            var nl = data.IndexOf((byte)'\n');
            var line = nl >= 0 ? data[..nl] : data;
            data = nl >= 0 ? data[(nl + 1)..] : [];
            lines.Add(Encoding.UTF8.GetString(line).TrimEnd('\r'));
        }
        return lines;
    }

    private BlockResult MineBlock(byte[] buffer, int length, HeaderShape? shape, bool first)
    {
        var miner = new TemplateMiner(_options);
        var parser = new LogLineParser(_format, _defaultYear, _parseTime, shape);
        var bytes = buffer.AsSpan(0, length);
        var ids = new int[bytes.Count((byte)'\n') + (bytes[^1] == '\n' ? 0 : 1)];
        var count = 0;
        // One UTF-8 decode per block (vectorised for ASCII) instead of one per line; blocks end at a newline, so no character is cut.
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(length));
        try
        {
            ReadOnlySpan<char> data = chars.AsSpan(0, Encoding.UTF8.GetChars(bytes, chars));
            while (!data.IsEmpty)
            {
                var nl = data.IndexOf('\n');
                var line = nl >= 0 ? data[..nl] : data;
                data = nl >= 0 ? data[(nl + 1)..] : [];
                if (!line.IsEmpty && line[^1] == '\r') { line = line[..^1]; }
                var h = parser.Parse(line);
                if ((count > 0 || !first) && LogLineParser.IsContinuation(line, h))
                {
                    // A stack frame or "Caused by:" belongs to the record above (possibly in the previous block): not a record.
                    continue;
                }
                ids[count++] = miner.Add(line[h.Content], h.Level, h.Time);
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
        return new BlockResult(miner, count == ids.Length ? ids : ids[..count], buffer);
    }

    private void MergeBlock(Task<BlockResult> task)
    {
        var block = task.GetAwaiter().GetResult();
        var map = _miner.Merge(block.Miner);
        var local = block.Ids;
        for (var i = 0; i < local.Length; i++) { local[i] = map[local[i]]; }
        _recordSignatures.Add(local);
        RecordCount += local.Length;
        ArrayPool<byte>.Shared.Return(block.Buffer);
        Progress?.Invoke(RecordCount);
    }

    /// <summary>Finalises the templates.</summary>
    public MiningResult Finish() => _miner.Finish();

    /// <summary>The signature id of every record in input order (map with <see cref="MiningResult.TemplateOf"/>).</summary>
    public IEnumerable<int> RecordSignatures()
    {
        foreach (var chunk in _recordSignatures)
        {
            foreach (var id in chunk) { yield return id; }
        }
    }

    /// <summary>Writes <c>LineId,EventId,EventTemplate</c>, one row per record in input order.</summary>
    public void WriteAssignments(MiningResult result, TextWriter writer)
    {
        writer.Write("LineId,EventId,EventTemplate\n");
        var quoted = new string[result.Templates.Count];
        for (var i = 0; i < quoted.Length; i++)
        {
            var t = result.Templates[i];
            quoted[i] = "," + t.Id + "," + CsvField(t.Text) + "\n";
        }
        long line = 0;
        Span<char> num = stackalloc char[24];
        foreach (var chunk in _recordSignatures)
        {
            foreach (var id in chunk)
            {
                line++;
                line.TryFormat(num, out var w, default, System.Globalization.CultureInfo.InvariantCulture);
                writer.Write(num[..w]);
                writer.Write(quoted[result.SignatureTemplates[id]]);
            }
        }
    }

    /// <summary>Writes the same CSV as UTF-8 bytes straight to a stream (no per-row string or encoder work).</summary>
    /// <remarks>
    /// Rows are formatted per mined block on the worker threads, while this thread writes the finished blocks in input
    /// order: the output is byte-identical for any thread count, and the write overlaps the formatting.
    /// </remarks>
    public void WriteAssignments(MiningResult result, Stream output)
    {
        var suffixes = new byte[result.Templates.Count][];
        for (var i = 0; i < suffixes.Length; i++)
        {
            var t = result.Templates[i];
            suffixes[i] = Encoding.UTF8.GetBytes("," + t.Id + "," + CsvField(t.Text) + "\n");
        }
        output.Write("LineId,EventId,EventTemplate\n"u8);
        var pending = new Queue<Task<(byte[] Buffer, int Length)>>();
        var maxInFlight = _parallelism == 1 ? 1 : _parallelism * 2;
        try
        {
            long first = 1;
            foreach (var chunk in _recordSignatures)
            {
                var ids = chunk;
                var from = first;
                first += chunk.Length;
                pending.Enqueue(_parallelism == 1 ? Task.FromResult(FormatRows(ids, from, suffixes, result.SignatureTemplates)) : Task.Run(() => FormatRows(ids, from, suffixes, result.SignatureTemplates)));
                while (pending.Count >= maxInFlight) { WriteRows(pending.Dequeue(), output); }
            }
            while (pending.Count > 0) { WriteRows(pending.Dequeue(), output); }
        }
        finally
        {
            foreach (var t in pending)
            {
                try { t.Wait(); } catch (AggregateException) { }
                if (t.IsCompletedSuccessfully) { ArrayPool<byte>.Shared.Return(t.GetAwaiter().GetResult().Buffer); }
            }
        }
    }

    private static (byte[] Buffer, int Length) FormatRows(int[] ids, long firstLine, byte[][] suffixes, int[] signatureTemplates)
    {
        var size = 0L;
        foreach (var id in ids) { size += 20 + suffixes[signatureTemplates[id]].Length; }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, int.MaxValue));
        var n = 0;
        var line = firstLine;
        foreach (var id in ids)
        {
            System.Buffers.Text.Utf8Formatter.TryFormat(line++, buffer.AsSpan(n), out var w);
            n += w;
            var suffix = suffixes[signatureTemplates[id]];
            suffix.CopyTo(buffer, n);
            n += suffix.Length;
        }
        return (buffer, n);
    }

    private static void WriteRows(Task<(byte[] Buffer, int Length)> task, Stream output)
    {
        var (buffer, length) = task.GetAwaiter().GetResult();
        try
        {
            output.Write(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Quotes a CSV field when it needs it.</summary>
    public static string CsvField(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
