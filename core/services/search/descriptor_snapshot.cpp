#include "services/search/descriptor_snapshot.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>
#include <bit>
#include <cstring>

#include "matching/content_checksum.h"

namespace facecase {

namespace {
constexpr char kMagic[8] = {'F', 'C', 'D', 'S', 'N', 'A', 'P', '1'};
// Far above any gallery FaceCase is sized for (10M faces): a header claiming more is damage.
constexpr quint64 kMaxRows = 100'000'000;
constexpr quint32 kMaxTextBytes = 4096;

// Writes go through the checksum, so the file's last 8 bytes cover every byte before them.
class ChecksummedWriter {
public:
    explicit ChecksummedWriter(QSaveFile& file) : m_file(file) {}
    bool put(const void* data, std::size_t bytes) {
        m_sum.add(data, bytes);
        return m_file.write(static_cast<const char*>(data), qint64(bytes)) == qint64(bytes);
    }
    template <typename T>
    bool put(T value) { return put(&value, sizeof value); }
    bool putText(const QString& text) {
        const QByteArray utf8 = text.toUtf8();
        return put(quint32(utf8.size())) && put(utf8.constData(), std::size_t(utf8.size()));
    }
    bool finish() {
        const std::uint64_t sum = m_sum.value();
        return m_file.write(reinterpret_cast<const char*>(&sum), sizeof sum) == sizeof sum;
    }

private:
    QSaveFile& m_file;
    ContentChecksum m_sum;
};

class ChecksummedReader {
public:
    explicit ChecksummedReader(QFile& file) : m_file(file) {}
    bool get(void* data, std::size_t bytes) {
        if (m_file.read(static_cast<char*>(data), qint64(bytes)) != qint64(bytes)) return false;
        m_sum.add(data, bytes);
        return true;
    }
    template <typename T>
    bool get(T& value) { return get(&value, sizeof value); }
    bool getText(QString& text) {
        quint32 bytes = 0;
        if (!get(bytes) || bytes > kMaxTextBytes) return false;
        QByteArray utf8(qsizetype(bytes), Qt::Uninitialized);
        if (!get(utf8.data(), bytes)) return false;
        text = QString::fromUtf8(utf8);
        return true;
    }
    // The stored checksum equals the one of everything read, and nothing follows it.
    bool finish() {
        std::uint64_t stored = 0;
        return m_file.read(reinterpret_cast<char*>(&stored), sizeof stored) == sizeof stored &&
               stored == m_sum.value() && m_file.atEnd();
    }

private:
    QFile& m_file;
    ContentChecksum m_sum;
};

Error damaged(const QString& path, const QString& why) {
    return Error::invalidInput(QStringLiteral("%1: %2").arg(path, why));
}
}  // namespace

Result<void> DescriptorSnapshot::write(const QString& path, const Key& key,
                                       const ExactIndex& index, qint64 highestFaceId) {
    if constexpr (std::endian::native != std::endian::little) {
        return Error::invalidInput(QStringLiteral("%1: descriptor snapshots are written on "
                                                  "little-endian machines only").arg(path));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return Error::invalidInput(QStringLiteral("%1: cannot write the descriptor snapshot: %2")
                                  .arg(path, file.errorString()));
    }
    // Owner only before a byte is written: the rows are biometric templates.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const std::size_t rows = index.size();
    ChecksummedWriter out(file);
    const bool written =
        out.put(kMagic, sizeof kMagic) && out.put(quint32(ExactIndex::kDimensions)) &&
        out.put(qint64(key.galleryId)) && out.put(qint64(index.revision())) &&
        out.put(qint64(highestFaceId)) && out.put(quint64(rows)) && out.putText(key.workspaceId) &&
        out.putText(key.modelKey) &&
        (rows == 0 || (out.put(index.faceIds().data(), rows * sizeof(qint64)) &&
                       out.put(index.row(0), rows * ExactIndex::kDimensions * sizeof(float)))) &&
        out.finish();
    if (!written || !file.commit()) {
        return Error::invalidInput(QStringLiteral("%1: cannot write the descriptor snapshot: %2")
                                  .arg(path, file.errorString()));
    }
    return {};
}

Result<DescriptorSnapshot::Contents> DescriptorSnapshot::read(const QString& path,
                                                              const Key& key) {
    if constexpr (std::endian::native != std::endian::little) {
        return Error::notFound(QStringLiteral("%1: not read (big-endian machine)").arg(path));
    }
    QFile file(path);
    if (!file.exists()) return Error::notFound(QStringLiteral("%1: no descriptor snapshot").arg(path));
    if (!file.open(QIODevice::ReadOnly)) {
        return Error::invalidInput(QStringLiteral("%1: cannot read the descriptor snapshot: %2")
                                  .arg(path, file.errorString()));
    }
    ChecksummedReader in(file);
    char magic[sizeof kMagic] = {};
    quint32 dimensions = 0;
    qint64 galleryId = 0;
    quint64 rows = 0;
    QString workspaceId, modelKey;
    Contents contents;
    if (!in.get(magic, sizeof magic) || std::memcmp(magic, kMagic, sizeof kMagic) != 0)
        return damaged(path, QStringLiteral("not a FaceCase descriptor snapshot"));
    if (!in.get(dimensions) || !in.get(galleryId) || !in.get(contents.revision) ||
        !in.get(contents.highestFaceId) || !in.get(rows) || !in.getText(workspaceId) ||
        !in.getText(modelKey))
        return damaged(path, QStringLiteral("the header is cut short or damaged"));
    if (workspaceId != key.workspaceId || galleryId != key.galleryId || modelKey != key.modelKey) {
        return damaged(path, QStringLiteral("written for workspace %1, gallery %2, model %3")
                                 .arg(workspaceId).arg(galleryId).arg(modelKey));
    }
    if (dimensions != quint32(ExactIndex::kDimensions) || rows > kMaxRows ||
        file.size() != file.pos() + qint64(rows * (sizeof(qint64) + dimensions * sizeof(float)) +
                                           sizeof(std::uint64_t)))
        return damaged(path, QStringLiteral("its size does not match its header"));
    // Room for the faces the index appends as the gallery grows (ExactIndex::withChanges).
    const std::size_t room = std::max<std::size_t>(rows / 10, 1024);
    contents.faceIds.reserve(rows + room);
    contents.values.reserve((rows + room) * dimensions);
    contents.faceIds.resize(rows);
    contents.values.resize(rows * dimensions);
    if (!in.get(contents.faceIds.data(), rows * sizeof(qint64)) ||
        !in.get(contents.values.data(), rows * dimensions * sizeof(float)) || !in.finish())
        return damaged(path, QStringLiteral("its checksum does not match: the file is damaged"));
    return contents;
}

}  // namespace facecase
