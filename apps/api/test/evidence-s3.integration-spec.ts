import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { FileStoreError, type FileStoreOptions } from '@dahe/api/applications/feature-applications';
import { createTestApp, login, seedTestDemo } from './support/test-app';
import { createTestDatabase, withClient, type TestDatabase } from './support/test-database';
import { S3RVER_CREDENTIALS, startS3Server, type TestS3Server } from './support/s3-server';

const BUCKET = 'dahe-evidence';

/** Evidence kept in an S3-compatible bucket: the real app, PostgreSQL and a real S3 server (s3rver) in-process. */
describe('evidence in an S3-compatible store', () => {
  let db: TestDatabase;
  let s3: TestS3Server;
  let client: S3Client;
  let app: NestExpressApplication;
  let store: Extract<FileStoreOptions, { kind: 's3' }>;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = (username: string) => ({ Authorization: `Bearer ${tokens.get(username)}` });
  const owner = <T extends object>(sql: string, params: unknown[] = []) => withClient(db.ownerUrl, async (c) => (await c.query<T>(sql, params)).rows);
  const objects = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key ?? '').sort();
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)), Buffer.from('\n%%EOF\n')]);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(700, 3)]);
  let applicationId: string;
  let orgId: string;

  const upload = (title: string, files: [Buffer, string][]) => {
    let req = http().post(`/api/applications/${applicationId}/evidence`).set(as('s1.contact')).field('category', 'degree').field('title', title);
    for (const [data, name] of files) req = req.attach('files', data, { filename: name, contentType: 'application/octet-stream' });
    return req;
  };
  const download = (fileId: string) =>
    http()
      .get(`/api/applications/${applicationId}/evidence/files/${fileId}`)
      .set(as('s1.legal'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    db = await createTestDatabase();
    s3 = await startS3Server();
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    store = { kind: 's3', endpoint: s3.endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true, ...S3RVER_CREDENTIALS };
    await seedTestDemo(db);
    app = await createTestApp(db, { fileStore: store });
    for (const username of ['prov.officer', 's1.contact', 's1.legal']) tokens.set(username, (await login(app, username)).token);

    const call = await http()
      .post('/api/calls')
      .set(as('prov.officer'))
      .send({
        title: '2024年“大河工坊”职教出海建设项目',
        year: 2024,
        template: 'dahe-2024',
        opensAt: new Date(Date.now() - 3600_000).toISOString(),
        deadline: new Date(Date.now() + 30 * 86400_000).toISOString(),
        contact: { name: '职成教处', phone: '0371-00000000' },
      })
      .expect(201);
    await http().post(`/api/calls/${call.body.id}/open`).set(as('prov.officer')).expect(200);
    applicationId = (await http().post('/api/applications').set(as('s1.contact')).send({ callId: call.body.id }).expect(201)).body.id;
    orgId = (await owner<{ org_id: string }>(`SELECT org_id FROM application WHERE id = $1`, [applicationId]))[0]!.org_id;
  });
  afterAll(async () => {
    await app?.close();
    client?.destroy();
    await s3?.dispose();
    await db?.drop();
  });

  it('an upload stores the bytes in the bucket under the school, not in file_blob, and downloads them unchanged', async () => {
    const res = await upload('与阿拉木图某学院合作协议', [[pdf, '合作协议.pdf'], [png, '签约现场.png']]).expect(201);
    const keys = (await owner<{ storage_key: string }>(`SELECT storage_key FROM evidence_file WHERE item_id = $1 ORDER BY created_at, id`, [res.body.id])).map((r) => r.storage_key);
    expect(keys).toHaveLength(2);
    expect(await objects()).toEqual(keys.map((key) => `${orgId}/${key}`).sort());
    expect(keys.every((key) => key.startsWith(`evidence/${applicationId}/`))).toBe(true);
    // (The demo seed writes its own applications' evidence into file_blob directly; none of this application's.)
    expect(await owner(`SELECT 1 FROM file_blob WHERE key LIKE $1 OR key = ANY($2)`, [`evidence/${applicationId}/%`, keys])).toHaveLength(0);

    const [pdfRow] = await owner<{ storage_key: string }>(`SELECT storage_key FROM evidence_file WHERE item_id = $1 AND filename = '合作协议.pdf'`, [res.body.id]);
    const stored = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${orgId}/${pdfRow!.storage_key}` }));
    expect(Buffer.compare(Buffer.from(await stored.Body!.transformToByteArray()), pdf)).toBe(0);
    const pdfDownload = await download(res.body.files[0].id).expect(200);
    expect(Buffer.compare(pdfDownload.body as Buffer, pdf)).toBe(0);
    expect(pdfDownload.headers['content-type']).toContain('application/pdf');
    const pngDownload = await download(res.body.files[1].id).expect(200);
    expect(Buffer.compare(pngDownload.body as Buffer, png)).toBe(0);
  });

  it('a file whose object is missing from the bucket is a 404, not a server error', async () => {
    const [file] = await owner<{ id: string }>(`SELECT id FROM evidence_file WHERE application_id = $1 LIMIT 1`, [applicationId]);
    await owner(`UPDATE evidence_file SET storage_key = storage_key || '-gone' WHERE id = $1`, [file!.id]);
    try {
      await download(file!.id).expect(404);
    } finally {
      await owner(`UPDATE evidence_file SET storage_key = left(storage_key, -5) WHERE id = $1`, [file!.id]);
    }
    await download(file!.id).expect(200);
  });

  it('removing an item deletes its objects once the removal committed', async () => {
    const res = await upload('签约现场照片', [[png, '合影.png']]).expect(201);
    const [file] = await owner<{ storage_key: string }>(`SELECT storage_key FROM evidence_file WHERE item_id = $1`, [res.body.id]);
    const object = `${orgId}/${file!.storage_key}`;
    expect(await objects()).toContain(object);
    const before = (await objects()).length;

    await http().delete(`/api/applications/${applicationId}/evidence/${res.body.id}`).set(as('s1.contact')).expect(204);
    expect(await objects()).not.toContain(object);
    expect(await objects()).toHaveLength(before - 1);
    expect(await owner(`SELECT 1 FROM evidence_file WHERE item_id = $1`, [res.body.id])).toHaveLength(0);
  });

  it('a removal that fails (the item is cited) deletes nothing: rows and objects stay, and the file still downloads', async () => {
    const item = (await upload('合作协议（签字版）', [[pdf, '签字版.pdf']]).expect(201)).body;
    const section = (await http().get(`/api/applications/${applicationId}/sections/approach_tasks`).set(as('s1.contact')).expect(200)).body;
    await http()
      .put(`/api/applications/${applicationId}/sections/approach_tasks`)
      .set(as('s1.contact'))
      .send({ content: { text: `依托合作协议〔佐证:${item.id}〕开展学历教育。` }, version: section.version })
      .expect(200);
    const before = await objects();

    await http().delete(`/api/applications/${applicationId}/evidence/${item.id}`).set(as('s1.contact')).expect(409);
    expect(await objects()).toEqual(before);
    expect(await owner(`SELECT 1 FROM evidence_file WHERE item_id = $1`, [item.id])).toHaveLength(1);
    expect(Buffer.compare((await download(item.files[0].id).expect(200)).body as Buffer, pdf)).toBe(0);
  });

  it('a removal whose commit fails (after every statement ran) leaves the object: nothing is deleted before the commit', async () => {
    const res = await upload('提交失败', [[pdf, '提交失败.pdf']]).expect(201);
    const [file] = await owner<{ storage_key: string }>(`SELECT storage_key FROM evidence_file WHERE item_id = $1`, [res.body.id]);
    // A deferred constraint trigger fires at COMMIT, after the service's last statement and store call.
    await owner(`CREATE FUNCTION test_refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused by the test'; END $$`);
    await owner(
      `CREATE CONSTRAINT TRIGGER test_refuse_commit AFTER DELETE ON evidence_item DEFERRABLE INITIALLY DEFERRED
       FOR EACH ROW WHEN (OLD.title = '提交失败') EXECUTE FUNCTION test_refuse_commit()`,
    );
    try {
      await http().delete(`/api/applications/${applicationId}/evidence/${res.body.id}`).set(as('s1.contact')).expect(500);
    } finally {
      await owner(`DROP TRIGGER test_refuse_commit ON evidence_item`);
      await owner(`DROP FUNCTION test_refuse_commit()`);
    }
    expect(await owner(`SELECT 1 FROM evidence_file WHERE item_id = $1`, [res.body.id])).toHaveLength(1);
    expect(await objects()).toContain(`${orgId}/${file!.storage_key}`);
    await http().delete(`/api/applications/${applicationId}/evidence/${res.body.id}`).set(as('s1.contact')).expect(204);
    expect(await objects()).not.toContain(`${orgId}/${file!.storage_key}`);
  });

  it('when the store is down after the commit, the removal still stands; the orphaned object is left behind', async () => {
    const res = await upload('临时材料', [[png, '临时.png']]).expect(201);
    const [file] = await owner<{ storage_key: string }>(`SELECT storage_key FROM evidence_file WHERE item_id = $1`, [res.body.id]);
    await s3.stop();
    try {
      await http().delete(`/api/applications/${applicationId}/evidence/${res.body.id}`).set(as('s1.contact')).expect(204);
    } finally {
      await s3.start();
    }
    expect(await owner(`SELECT 1 FROM evidence_item WHERE id = $1`, [res.body.id])).toHaveLength(0);
    expect(await objects()).toContain(`${orgId}/${file!.storage_key}`);
  });

  describe('start-up checks the bucket and says in one line what is wrong', () => {
    const startFails = async (options: FileStoreOptions): Promise<Error> => {
      const error = await createTestApp(db, { fileStore: options }).then(
        async (started) => {
          await started.close();
          throw new Error('the app started');
        },
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(FileStoreError);
      expect(error.message).not.toContain('\n');
      return error;
    };

    it('an unknown access key', async () => {
      const error = await startFails({ ...store, accessKeyId: 'NOT-A-KEY', secretAccessKey: 'wrong' });
      expect(error.message).toBe(`S3 bucket "${BUCKET}" at ${s3.endpoint} refused access (HTTP 403): check DAHE_S3_ACCESS_KEY_ID and DAHE_S3_SECRET_ACCESS_KEY`);
    });

    it('a bucket that does not exist', async () => {
      const error = await startFails({ ...store, bucket: 'no-such-bucket' });
      expect(error.message).toBe(`S3 bucket "no-such-bucket" at ${s3.endpoint} does not exist: create it, or correct DAHE_S3_BUCKET`);
    });

    it('an endpoint nobody answers on', async () => {
      const endpoint = s3.endpoint;
      await s3.stop();
      try {
        const error = await startFails({ ...store, endpoint });
        expect(error.message).toMatch(new RegExp(`^S3 bucket "${BUCKET}" at ${endpoint} is not reachable \\(.*\\): check DAHE_S3_ENDPOINT$`));
      } finally {
        await s3.start();
      }
    });
  });
});
