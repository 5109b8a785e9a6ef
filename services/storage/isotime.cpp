// The ISO 8601 text of a date and time, as QDateTime writes it.
#include "isotime.h"

#include <QDateTime>

int IsoTime::format(const QDateTime &when, char (&out)[MaxBytes])
{
    if (!when.isValid())
        return -1;
    const Qt::TimeSpec spec = when.timeSpec();
    if (spec != Qt::LocalTime && spec != Qt::UTC)
        return -1;
    const QDate date = when.date();
    const QTime time = when.time();
    if (date.year() < 0 || date.year() > 9999)
        return -1;
    char *at = out;
    const auto digits = [&at](int value, int count) {
        for (int i = count - 1; i >= 0; --i, value /= 10)
            at[i] = char('0' + value % 10);
        at += count;
    };
    digits(date.year(), 4);
    *at++ = '-';
    digits(date.month(), 2);
    *at++ = '-';
    digits(date.day(), 2);
    *at++ = 'T';
    digits(time.hour(), 2);
    *at++ = ':';
    digits(time.minute(), 2);
    *at++ = ':';
    digits(time.second(), 2);
    *at++ = '.';
    digits(time.msec(), 3);
    if (spec == Qt::UTC)
        *at++ = 'Z';
    return int(at - out);
}
