#include "services/enrollment/csv_reader.h"

#include <QIODevice>
#include <QStringDecoder>

namespace facecase {

CsvReader::CsvReader(QIODevice* device, QChar delimiter) : m_device(device), m_delimiter(delimiter) {}

std::optional<QString> CsvReader::readLine(bool* invalidUtf8) {
    if (m_device->atEnd()) return std::nullopt;
    QByteArray bytes = m_device->readLine();
    if (bytes.isEmpty() && m_device->atEnd()) return std::nullopt;
    ++m_line;
    if (bytes.endsWith('\n')) bytes.chop(1);
    if (bytes.endsWith('\r')) bytes.chop(1);
    // A fresh decoder per line: lines end at '\n', which never occurs inside a UTF-8 sequence.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError()) *invalidUtf8 = true;
    if (m_line == 1 && text.startsWith(QChar(0xFEFF))) text.remove(0, 1);
    return text;
}

std::optional<CsvReader::Record> CsvReader::next() {
    for (;;) {
        const qint64 recordStart = m_device->pos();
        bool invalidUtf8 = false;
        std::optional<QString> line = readLine(&invalidUtf8);
        if (!line) return std::nullopt;
        if (line->trimmed().isEmpty()) continue;  // blank lines separate nothing

        Record record;
        record.line = m_line;
        QString field;
        bool inQuotes = false;
        bool afterQuote = false;  // the field's closing quote has been seen
        int quotedLines = 0;
        qsizetype quotedChars = 0;
        bool unterminated = false;
        for (;;) {
            const QString& text = *line;
            for (qsizetype i = 0; i < text.size(); ++i) {
                const QChar c = text[i];
                if (inQuotes) {
                    if (c == QLatin1Char('"')) {
                        if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                            field += c;
                            ++i;
                        } else {
                            inQuotes = false;
                            afterQuote = true;
                        }
                    } else {
                        field += c;
                    }
                } else if (c == m_delimiter) {
                    record.fields << field;
                    field.clear();
                    afterQuote = false;
                } else if (afterQuote) {
                    if (record.error.isEmpty()) {
                        record.error = QStringLiteral("text after the closing quote of field %1 "
                                                      "(a quote inside a quoted field is written \"\")")
                                           .arg(record.fields.size() + 1);
                    }
                    field += c;
                } else if (c == QLatin1Char('"') && field.isEmpty()) {
                    inQuotes = true;
                } else {
                    field += c;  // a quote inside an unquoted field is kept as it is
                }
            }
            if (!inQuotes) break;
            quotedChars += text.size();
            if (++quotedLines > kMaxQuotedLines || quotedChars > kMaxQuotedBytes) {
                unterminated = true;
                break;
            }
            line = readLine(&invalidUtf8);
            if (!line) {
                unterminated = true;
                break;
            }
            field += QLatin1Char('\n');
        }
        if (unterminated) {
            // Re-read from the line after this record's first one: the quote was most likely a
            // typo, and the rows after it are fine.
            m_device->seek(recordStart);
            bool ignored = false;
            const int startLine = record.line;
            m_line = startLine - 1;
            (void)readLine(&ignored);
            Record broken;
            broken.line = startLine;
            broken.error = QStringLiteral("a quoted field is never closed (a \" without its "
                                          "closing \")");
            broken.fields << QString();
            return broken;
        }
        record.fields << field;
        if (invalidUtf8 && record.error.isEmpty()) {
            record.error = QStringLiteral("not valid UTF-8 text (save the manifest as UTF-8)");
        }
        return record;
    }
}

QChar CsvReader::detectDelimiter(const QString& headerLine) {
    int commas = 0, semicolons = 0, tabs = 0;
    bool inQuotes = false;
    for (const QChar c : headerLine) {
        if (c == QLatin1Char('"')) inQuotes = !inQuotes;
        if (inQuotes) continue;
        if (c == QLatin1Char(',')) ++commas;
        else if (c == QLatin1Char(';')) ++semicolons;
        else if (c == QLatin1Char('\t')) ++tabs;
    }
    if (semicolons > commas && semicolons >= tabs) return QLatin1Char(';');
    if (tabs > commas && tabs > semicolons) return QLatin1Char('\t');
    return QLatin1Char(',');
}

}  // namespace facecase
