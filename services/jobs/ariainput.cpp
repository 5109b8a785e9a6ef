// aria2 input-file parsing: URI lines, TAB-separated mirrors, indented option lines.
#include "ariainput.h"

#include "services/urls.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QRegularExpression>
#include <QTextStream>

namespace {

// Longer than any URL a server takes (most refuse more than 8 KiB): a longer line is refused
// as it is read, never kept whole.
constexpr qsizetype LongestLine = 65536;

QString tr(const char *text)
{
    return QCoreApplication::translate("AriaInput", text);
}

QString atLine(int line, const QString &message)
{
    return tr("line %1: %2").arg(line).arg(message);
}

// "key=value" after indentation. Anything else indented is read as a URI line, as the old
// one-URL-per-line format trimmed every line.
bool isOptionLine(const QString &trimmed)
{
    static const QRegularExpression option(QStringLiteral("^[A-Za-z0-9-]+="));
    return option.match(trimmed).hasMatch();
}

class Parser {
public:
    void uriLine(const QString &trimmed, int line)
    {
        flush();
        InputEntry entry;
        entry.line = line;
        for (const QString &part : trimmed.split(QLatin1Char('\t'), Qt::SkipEmptyParts)) {
            QString why;
            const QUrl url = Urls::parse(part, &why);
            if (url.isValid())
                entry.mirrors.append(url);
            else
                m_result.errors.append(atLine(line, why));
        }
        if (entry.mirrors.isEmpty()) {
            m_orphanOptionsReported = true; // options below a dropped line: already reported
            return;
        }
        m_current = std::move(entry);
    }

    void optionLine(const QString &trimmed, int line)
    {
        if (!m_current) {
            if (!m_orphanOptionsReported)
                m_result.warnings.append(
                    atLine(line, tr("option without a URL line above it: %1")
                                     .arg(trimmed.left(trimmed.indexOf(QLatin1Char('='))))));
            return;
        }
        const qsizetype eq = trimmed.indexOf(QLatin1Char('='));
        const QString key = trimmed.left(eq).toLower();
        const QString value = trimmed.mid(eq + 1).trimmed();
        InputEntry &entry = *m_current;
        // Bytes that are not UTF-8 were read as U+FFFD: another name than the file's bytes.
        if ((key == QLatin1String("out") || key == QLatin1String("dir")) &&
            value.contains(QChar::ReplacementCharacter))
            return invalid(line, tr("%1= is not valid UTF-8: %2").arg(key, value));
        if (key == QLatin1String("out")) {
            if (value.isEmpty())
                return invalid(line, tr("out= needs a file name"));
            entry.outName = value;
        } else if (key == QLatin1String("dir")) {
            if (value.isEmpty())
                return invalid(line, tr("dir= needs a folder"));
            entry.directory = value;
        } else if (key == QLatin1String("checksum")) {
            QString why;
            entry.checksum = parseChecksum(value, &why);
            if (!entry.checksum)
                return invalid(line, why);
        } else if (key == QLatin1String("extract")) {
            if (value.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0)
                entry.extract = true;
            else if (value.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0)
                entry.extract = false;
            else
                return invalid(line, tr("extract expects true or false, not '%1'").arg(value));
        } else {
            m_result.warnings.append(atLine(line, tr("unknown option '%1'").arg(key)));
        }
    }

    // A line longer than LongestLine: an indented one is taken for its entry's option (the
    // entry is dropped), any other for a URI line (the options below it go with it).
    void tooLong(int line, bool indented)
    {
        const QString why = tr("longer than %1 characters").arg(LongestLine);
        if (indented && m_current)
            return invalid(line, why);
        flush();
        m_result.errors.append(atLine(line, why));
        m_orphanOptionsReported = true;
    }

    AriaInput finish()
    {
        flush();
        return std::move(m_result);
    }

private:
    // A value we cannot honour (a checksum we cannot check): the whole entry is dropped.
    void invalid(int line, const QString &why)
    {
        m_result.errors.append(atLine(line, why));
        m_currentInvalid = true;
    }

    void flush()
    {
        if (m_current && !m_currentInvalid)
            m_result.entries.append(std::move(*m_current));
        m_current.reset();
        m_currentInvalid = false;
        m_orphanOptionsReported = false;
    }

    AriaInput m_result;
    std::optional<InputEntry> m_current;
    bool m_currentInvalid = false;
    bool m_orphanOptionsReported = false;
};

} // namespace

namespace AriaInputParser {

AriaInput parse(QTextStream &in)
{
    Parser parser;
    int lineNo = 0;
    // Read until a read finds nothing: atEnd() says true for a pipe opened by its name (a FIFO,
    // /dev/stdin) before its first bytes arrive.
    QString line;
    QString rest;
    while (in.readLineInto(&line, LongestLine + 1)) {
        ++lineNo;
        if (line.size() > LongestLine) { // the rest of it is read in pieces and let go
            while (in.readLineInto(&rest, LongestLine + 1) && rest.size() > LongestLine) {
            }
            parser.tooLong(lineNo, line.front().isSpace());
            continue;
        }
        const QString trimmed = line.trimmed(); // also drops a Windows '\r'
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        if (line.front().isSpace() && isOptionLine(trimmed))
            parser.optionLine(trimmed, lineNo);
        else
            parser.uriLine(trimmed, lineNo);
    }
    return parser.finish();
}

AriaInput parse(const QString &text)
{
    QString copy = text;
    QTextStream in(&copy, QIODevice::ReadOnly);
    return parse(in);
}

} // namespace AriaInputParser
