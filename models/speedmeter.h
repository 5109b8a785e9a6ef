// A moving average of transfer speed over the last few seconds, fed with byte counts.
#pragma once

#include <QtGlobal>
#include <array>

class SpeedMeter {
public:
    static constexpr qint64 WindowMs = 3000;

    // Records that `bytes` had been transferred in total at time `nowMs` (monotonic).
    void sample(qint64 nowMs, qint64 bytes);
    double bytesPerSecond() const { return m_speed; }
    void reset();

private:
    struct Sample {
        qint64 ms = 0;
        qint64 bytes = 0;
    };
    static constexpr int Slots = 32; // at 10 samples a second this covers the window
    std::array<Sample, Slots> m_samples{};
    int m_head = 0; // next slot to write
    int m_count = 0;
    double m_speed = 0;
};
