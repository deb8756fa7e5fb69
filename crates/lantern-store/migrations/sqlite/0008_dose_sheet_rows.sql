-- The time printed on the MAR row a dose was written in. On the spring change day a dose
-- printed 01:30 is due at 02:30 BST, the same instant as the 02:30 row: the due time alone
-- cannot say which row a dose was written in, so entering the sheet again mixed the two up.
-- NULL for a dose written at the foot of the sheet, and for doses entered before this column.

ALTER TABLE dose_records ADD COLUMN sheet_time TEXT;
