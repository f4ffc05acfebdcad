using System.Buffers.Binary;
using System.Numerics;

namespace DocStream.MongoEmulator.Storage;

/// <summary>CRC-32C using the CPU's CRC instructions (via BitOperations), to detect torn or corrupt journal records.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data, uint crc = 0xFFFFFFFFu)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }
        return crc;
    }
}
