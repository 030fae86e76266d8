import { describe, expect, it } from 'vitest';
import { createDumpRowCounter } from '../../src/backup/kinds/mysql-dump-rows.js';

/** A dump as mariadb-dump 10.11 writes it (tuples on their own lines), with the traps a naive reader falls into. */
const dump = [
  '/*M!999999\\- enable the sandbox mode */ ',
  '-- MariaDB dump 10.19',
  'DROP TABLE IF EXISTS `a`;',
  'CREATE TABLE `a` (',
  '  `id` int(11) NOT NULL,',
  '  `s` text DEFAULT NULL COMMENT \'INSERT INTO `a` VALUES (1);\',',
  '  PRIMARY KEY (`id`)',
  ') ENGINE=InnoDB;',
  'LOCK TABLES `a` WRITE;',
  'INSERT INTO `a` VALUES',
  "(1,'it\\'s (a) ), ( test; \\\\ back\\nslash',0x00FF28),",
  "(2,NULL,NULL),",
  "(3,'\\\\',b'0101'),",
  "(4,'\\\\\\'',0x);",
  'INSERT INTO `a` VALUES (5,\'x\'),(6,\'),(\');',
  'UNLOCK TABLES;',
  'CREATE TABLE `kosong` (',
  '  `id` int(11) DEFAULT NULL',
  ');',
  'CREATE TABLE `we``ird ñ` (',
  '  `id` int(11) DEFAULT NULL',
  ');',
  'INSERT INTO `we``ird ñ` VALUES (1),(2),(3);',
  'DELIMITER ;;',
  '/*!50003 CREATE*/ /*!50003 TRIGGER t AFTER INSERT ON a FOR EACH ROW',
  'INSERT INTO `log` VALUES (NEW.id) ',
  '*/;;',
  'DELIMITER ;',
  '/*!50001 CREATE VIEW `v` AS SELECT',
  ' NULL AS `id` */;',
  'DELIMITER ;;',
  'CREATE PROCEDURE `p`()',
  'BEGIN',
  'INSERT INTO `a` VALUES (1);',
  'END',
  ';;',
  'DELIMITER ;',
  '-- Dump completed',
  '',
].join('\n');

const expected = { a: 6, kosong: 0, 'we`ird ñ': 3 };

describe('counting rows in a MariaDB dump stream', () => {
  it('counts tuples per table, skipping strings, trigger and routine bodies and views', () => {
    const counter = createDumpRowCounter();
    counter.push(Buffer.from(dump, 'utf8'));
    expect(counter.counts()).toEqual(expected);
  });

  it('gives the same counts however the stream is cut into chunks', () => {
    const bytes = Buffer.from(dump, 'utf8');
    for (const size of [1, 2, 3, 7, 64]) {
      const counter = createDumpRowCounter();
      for (let i = 0; i < bytes.length; i += size) counter.push(bytes.subarray(i, i + size));
      expect(counter.counts(), `chunks of ${size}`).toEqual(expected);
    }
  });

  it('counts one-line extended inserts (mysqldump, older MariaDB) and a cut-off statement not at all', () => {
    const counter = createDumpRowCounter();
    counter.push(Buffer.from("CREATE TABLE `t` (\n`x` int);\nINSERT INTO `t` VALUES (1,'a'),(2,'b');\nINSERT INTO `t` VALUES (3,'c'),(4,'", 'utf8'));
    expect(counter.counts()).toEqual({ t: 2 });
  });
});
