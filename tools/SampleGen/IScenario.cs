using Firefighter.SampleGen.Common;

namespace Firefighter.SampleGen;

/// <summary>One sample incident: knows its bundle directory name and writes the bundle's files.</summary>
public interface IScenario
{
    /// <summary>Directory name under samples/.</summary>
    string Name { get; }

    /// <summary>Writes every file of the bundle.</summary>
    void Write(Bundle b);
}
