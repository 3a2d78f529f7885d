"""The change feed, `GET /api/v1/changes/`: every create, change and delete of every resource in commit order, paged
by an opaque cursor that never skips or repeats a change, whatever writes land between two pages.

**Where the changes come from.** django-simple-history writes a row to a historical table for every save, delete
and many-to-many change of every data model, bulk loads and the seed loader included (regionapi/core/history/recording.py). Each
row carries `data_version`: the number the data version (regionapi/core/dataversion.py) was raised to when the row
was written, in the row's own transaction. A record's part that has no URL of its own (a project's participants and
milestones, a deposit's estimates, an institution's specialties: a history-keeping model with a CASCADE foreign key
to a resource's model) is listed as a change (`~`) of the record it belongs to, naming the field that holds it.

**Why the order is commit order.** Raising the version is an UPDATE of one row, and that row stays locked until
the writing transaction ends (PostgreSQL; SQLite has one writer at a time, from its first write to its commit). A
historical row's number is drawn while its transaction holds that lock, and the lock is held until the transaction
commits (a savepoint rolled back releases it, but takes the rows it covered with it). So while one transaction goes
from a draw to its commit, no other draws: every transaction that committed before it drew smaller numbers, every
one that commits after it draws larger ones. At any moment, then, every row a reader cannot see yet (its transaction
has not committed) has a larger number than every row it can see.

**The cursor** is the position of the last change served: (data version, table, history id), the table being a
fixed number per historical table that orders the rows of one version (one transaction, or one batch of a bulk
load). The next page is what comes after it in that order. A change committed later always lands after every
visible row, so after the cursor: no change is skipped and none is served twice, with no clock involved
(`history_date` can tie, and processes' clocks disagree) and no settle window. A read replica replays commits in
order, so it shows a prefix of the same sequence. `next` is always given: the position of the page's last change,
or the cursor asked with when there is nothing after it, so a client polls the same URL until something changes (an
ETag and a 304 make that cheap, regionapi/core/caching.py). Rows written before the feed existed have data version
0 and come first, table by table.

**The cost of a page** does not grow with the page size: one query reads the page from every table at once (a UNION
of each table's first rows after the cursor, read from its (data_version, history_id) index), then, for the tables
whose changes (`~`) are on the page, one query of those rows and the versions before them, and one per
many-to-many field, to name the changed fields.

The cursor is in cursor.py, the tables and the SQL that reads a page in paging.py, the endpoint in view.py.
"""

from regionapi.core.feed.cursor import START, Position, after_version, position_of
from regionapi.core.feed.paging import FeedTable, feed_tables
from regionapi.core.feed.view import ChangesView

__all__ = ["START", "ChangesView", "FeedTable", "Position", "after_version", "feed_tables", "position_of"]
