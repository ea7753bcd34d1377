// cognate's KMS subset through the real KMS client and the AWS Encryption SDK's KMS keyring: keys,
// Encrypt and Decrypt with an encryption context, GenerateDataKey, key policies, KMS's exceptions.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  KMS,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { eachBackend, rejectsWith, startServer, type TestServer } from './support/server.js';

eachBackend('KMS', (backend) => {
  let s: TestServer;
  let kms: KMSClient;
  before(async () => {
    s = await startServer({ backend });
    kms = s.client(KMSClient);
  });
  after(() => s.stop());

  test('a key encrypts and decrypts under its encryption context; GenerateDataKey', async () => {
    const key = (await kms.send(new CreateKeyCommand({ Description: 'codes' }))).KeyMetadata!;
    assert.match(key.Arn!, /^arn:aws:kms:us-east-1:000000000000:key\/[0-9a-f-]{36}$/);
    assert.equal(key.KeyState, 'Enabled');
    assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key.Arn }))).KeyMetadata?.Description, 'codes');
    const context = { purpose: 'test' };
    const sealed = await kms.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('hello'), EncryptionContext: context }),
    );
    assert.equal(sealed.KeyId, key.Arn);
    const opened = await kms.send(
      new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: context }),
    );
    assert.equal(Buffer.from(opened.Plaintext!).toString(), 'hello');
    assert.equal(opened.KeyId, key.Arn);
    await rejectsWith(
      kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, EncryptionContext: { purpose: 'other' } })),
      'InvalidCiphertextException',
    );
    const other = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await rejectsWith(
      kms.send(
        new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob, KeyId: other.KeyId, EncryptionContext: context }),
      ),
      'IncorrectKeyException',
    );
    const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: key.Arn, KeySpec: 'AES_256' }));
    assert.equal(dataKey.Plaintext?.length, 32);
    const again = await kms.send(new DecryptCommand({ CiphertextBlob: dataKey.CiphertextBlob }));
    assert.deepEqual(Buffer.from(again.Plaintext!), Buffer.from(dataKey.Plaintext!));
    const listed = (await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId);
    assert.ok(listed.includes(key.KeyId) && listed.includes(other.KeyId));
  });

  test('the AWS Encryption SDK encrypts and decrypts with a KMS keyring against cognate', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    // The keyring calls the aggregated client's methods (generateDataKey, decrypt).
    const aggregated = s.client(KMS);
    const keyring = new KmsKeyringNode({
      generatorKeyId: key.Arn!,
      clientProvider: () => aggregated,
    });
    const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
    const { result } = await encrypt(keyring, '123456', { encryptionContext: { userpool: 'x' } });
    const { plaintext, messageHeader } = await decrypt(
      new KmsKeyringNode({ keyIds: [key.Arn!], clientProvider: () => aggregated }),
      result,
    );
    assert.equal(plaintext.toString(), '123456');
    assert.equal(messageHeader.encryptionContext.userpool, 'x');
  });

  test('key policies: the default allows the account; a policy without it refuses; unknown and deleted keys', async () => {
    const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const policy = JSON.parse(
      (await kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))).Policy!,
    );
    assert.equal(policy.Statement[0].Principal.AWS, 'arn:aws:iam::000000000000:root');
    await kms.send(
      new PutKeyPolicyCommand({
        KeyId: key.KeyId,
        PolicyName: 'default',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::000000000000:root' },
              Action: 'kms:Encrypt',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const sealed = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x') }));
    await rejectsWith(kms.send(new DecryptCommand({ CiphertextBlob: sealed.CiphertextBlob })), 'AccessDeniedException');
    await rejectsWith(
      kms.send(new DescribeKeyCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })),
      'NotFoundException',
      "Key 'arn:aws:kms:us-east-1:000000000000:key/11111111-2222-3333-4444-555555555555' does not exist",
    );
    const doomed = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    await rejectsWith(
      kms.send(new EncryptCommand({ KeyId: doomed.KeyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
    );
  });

  test("what Terraform's aws_kms_key reads: rotation status (off) and the key's tags, a page at a time", async () => {
    const key = (
      await kms.send(
        new CreateKeyCommand({
          Tags: [
            { TagKey: 'app', TagValue: 'demo' },
            { TagKey: 'stage', TagValue: 'dev' },
            { TagKey: 'team', TagValue: 'identity' },
          ],
        }),
      )
    ).KeyMetadata!;
    assert.deepEqual(
      { ...(await kms.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))), $metadata: undefined },
      { KeyRotationEnabled: false, KeyId: key.Arn, $metadata: undefined },
    );
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: key.Arn, Limit: 2 }));
    assert.deepEqual(first.Tags, [
      { TagKey: 'app', TagValue: 'demo' },
      { TagKey: 'stage', TagValue: 'dev' },
    ]);
    assert.equal(first.Truncated, true);
    const rest = await kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Marker: first.NextMarker }));
    assert.deepEqual(rest.Tags, [{ TagKey: 'team', TagValue: 'identity' }]);
    assert.equal(rest.Truncated, false);
    assert.equal(rest.NextMarker, undefined);
    const untagged = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: untagged.KeyId }))).Tags, []);
    await rejectsWith(
      kms.send(new ListResourceTagsCommand({ KeyId: key.KeyId, Marker: 'not-a-marker' })),
      'InvalidMarkerException',
    );
    await rejectsWith(
      kms.send(new GetKeyRotationStatusCommand({ KeyId: '11111111-2222-3333-4444-555555555555' })),
      'NotFoundException',
    );
  });
});
