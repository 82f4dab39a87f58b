#include "cli/enrollment_report.h"

#include "cli/cli_support.h"

#include <QFileInfo>
#include <QJsonArray>

#include <map>

namespace facecase::cli {

namespace {
QJsonValue timeJson(const QDateTime& t) {
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// Messages start with the file name ("dogs.jpg: no face found"); next to the full path the
// name is noise.
QString withoutNamePrefix(const EnrollmentItem& item) {
    const QString prefix = QFileInfo(item.path).fileName() + QStringLiteral(": ");
    return item.message.startsWith(prefix) ? item.message.mid(prefix.size()) : item.message;
}
}  // namespace

QJsonObject EnrollmentReport::jobJson(const EnrollmentJob& job, bool active) {
    QJsonObject items{{QStringLiteral("total"), job.itemCount()}};
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        items.insert(EnrollmentItem::statusName(status), job.count(status));
    }
    return QJsonObject{
        {QStringLiteral("id"), job.id},
        {QStringLiteral("gallery"), job.galleryName},
        {QStringLiteral("gallery_id"), job.galleryId},
        {QStringLiteral("source"), job.source},
        {QStringLiteral("status"), EnrollmentJob::statusName(job.status)},
        {QStringLiteral("active"), active},
        {QStringLiteral("actor"), job.actor},
        {QStringLiteral("started_at"), timeJson(job.startedAt)},
        {QStringLiteral("finished_at"), timeJson(job.finishedAt)},
        {QStringLiteral("options"), job.options},
        {QStringLiteral("items"), items},
        {QStringLiteral("problems"), job.problemCount()},
    };
}

QJsonObject EnrollmentReport::itemJson(const EnrollmentItem& item) {
    return QJsonObject{
        {QStringLiteral("path"), item.path},
        {QStringLiteral("status"), EnrollmentItem::statusName(item.status)},
        {QStringLiteral("message"), item.message},
        {QStringLiteral("face_count"), item.faceCount},
        {QStringLiteral("sha256"), item.sha256.isEmpty() ? QJsonValue() : QJsonValue(item.sha256)},
        {QStringLiteral("image_id"), item.imageId ? QJsonValue(*item.imageId) : QJsonValue()},
    };
}

QJsonObject EnrollmentReport::groupedJson(const std::vector<EnrollmentItem>& items) {
    std::map<QString, QJsonArray> groups;
    for (const EnrollmentItem& item : items) {
        groups[EnrollmentItem::statusName(item.status)].append(itemJson(item));
    }
    QJsonObject object;
    for (const auto& [status, array] : groups) object.insert(status, array);
    return object;
}

QString EnrollmentReport::countsText(const EnrollmentJob& job) {
    QStringList parts;
    for (int i = 0; i < EnrollmentItem::kStatusCount; ++i) {
        const auto status = static_cast<EnrollmentItem::Status>(i);
        if (job.count(status) > 0 || status == EnrollmentItem::Status::Ok) {
            parts << QStringLiteral("%1 %2").arg(EnrollmentItem::statusName(status)).arg(job.count(status));
        }
    }
    return parts.join(QStringLiteral(" · "));
}

QString EnrollmentReport::statusText(const EnrollmentJob& job, bool active) {
    if (job.status == EnrollmentJob::Status::Running && !active) {
        return QStringLiteral("interrupted (its process is gone; re-run the same enroll command "
                              "to resume)");
    }
    return EnrollmentJob::statusName(job.status);
}

void EnrollmentReport::printProblems(const std::vector<EnrollmentItem>& items, int maxPerGroup,
                                     qint64 jobId) {
    std::map<int, std::vector<const EnrollmentItem*>> groups;
    for (const EnrollmentItem& item : items) groups[int(item.status)].push_back(&item);
    bool truncated = false;
    for (const auto& [status, group] : groups) {
        printLine(QStringLiteral("  %1 (%2):")
                      .arg(EnrollmentItem::statusName(static_cast<EnrollmentItem::Status>(status)))
                      .arg(group.size()));
        int shown = 0;
        for (const EnrollmentItem* item : group) {
            if (maxPerGroup > 0 && shown == maxPerGroup) {
                printLine(QStringLiteral("    … and %1 more").arg(group.size() - std::size_t(shown)));
                truncated = true;
                break;
            }
            printLine(QStringLiteral("    %1: %2").arg(item->path, withoutNamePrefix(*item)));
            ++shown;
        }
    }
    if (truncated) {
        printLine(QStringLiteral("  (all of them: facecase-cli job report %1)").arg(jobId));
    }
}

}  // namespace facecase::cli
